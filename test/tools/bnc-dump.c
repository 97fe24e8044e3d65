/*-------------------------------------------------------------------------
 *
 * bnc-dump.c
 *		Print what the core reads from each message file given as an
 *		argument: one tab-separated line per recipient (file, recipient,
 *		action, status, reply code, reason, hard, format, SMTP command,
 *		remote MTA, diagnostic cut to 200 bytes), or one line with "-" when
 *		the message yields no recipient.
 *
 * test/tools/bnc-dump.c
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bnc.h"

/* Blocks handed out for one message, freed together afterwards. */
typedef struct block
{
	struct block *next;
} block;

/* malloc-backed allocation chained into *ctx. */
static void *
chain_alloc(void *ctx, size_t size)
{
	block	  **head = ctx;
	size_t		hdr = (sizeof(block) + 15) & ~(size_t) 15;
	block	   *b = malloc(hdr + size);

	if (b == NULL)
	{
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	b->next = *head;
	*head = b;
	return (char *) b + hdr;
}

/* Free every block of the chain. */
static void
chain_free(block **head)
{
	while (*head)
	{
		block	   *next = (*head)->next;

		free(*head);
		*head = next;
	}
}

/* Read a whole file into malloc memory; NULL on failure. */
static char *
read_file(const char *path, size_t *len)
{
	FILE	   *f = fopen(path, "rb");
	char	   *buf = NULL;
	size_t		cap = 0;
	size_t		n = 0;
	size_t		got;

	if (f == NULL)
		return NULL;
	do
	{
		if (n == cap)
		{
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			if (buf == NULL)
				exit(2);
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	fclose(f);
	*len = n;
	return buf;
}

/* Print a string field with tabs and line breaks flattened. */
static void
put_field(const char *s, size_t max)
{
	size_t		i;

	putchar('\t');
	if (s == NULL)
	{
		putchar('-');
		return;
	}
	for (i = 0; s[i] && i < max; i++)
		putchar(s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ? ' ' : s[i]);
}

/* Print the rows of one parsed message. */
static void
dump(const char *name, const bnc_result *res, bnc_parse_status st)
{
	static const char *const st_names[] = {"ok", "not-bounce",
	"not-message", "too-large"};
	int			i;

	if (res->nrcpts == 0)
	{
		printf("%s\t-\t%s\n", name, st_names[st]);
		return;
	}
	for (i = 0; i < res->nrcpts; i++)
	{
		const bnc_recipient *r = &res->rcpts[i];
		char		status[16] = "-";
		const char *action = bnc_action_name(r->action);

		if (r->status.cls)
			bnc_status_format(&r->status, status);
		printf("%s", name);
		put_field(r->recipient, 200);
		put_field(action ? action : "-", 20);
		printf("\t%s\t%d", status, r->reply_code);
		put_field(bnc_reason_name(r->reason), 40);
		printf("\t%d", r->hard);
		put_field(res->format, 40);
		put_field(r->smtp_command, 20);
		put_field(r->remote_mta, 100);
		put_field(r->diagnostic, 200);
		putchar('\n');
	}
}

/* Parse and print each file named on the command line. */
int
main(int argc, char **argv)
{
	int			i;

	for (i = 1; i < argc; i++)
	{
		size_t		len;
		char	   *buf = read_file(argv[i], &len);
		block	   *head = NULL;
		bnc_alloc	a;
		bnc_result	res;
		bnc_parse_status st;
		const char *base = strrchr(argv[i], '/');

		if (buf == NULL)
		{
			fprintf(stderr, "could not read \"%s\"\n", argv[i]);
			return 1;
		}
		a.alloc = chain_alloc;
		a.ctx = &head;
		a.interrupted = NULL;
		st = bnc_parse(buf, len, &a, &res);
		dump(base ? base + 1 : argv[i], &res, st);
		chain_free(&head);
		free(buf);
	}
	return 0;
}
