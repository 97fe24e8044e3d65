/*-------------------------------------------------------------------------
 *
 * bounce-load.c
 *		Load bounce messages into PostgreSQL: from mbox files, Maildir
 *		folders, single message files or standard input, with COPY, in
 *		batches that are each their own transaction.
 *
 * Messages go into bounce.messages (raw, source), where the bounce
 * extension parses them as they arrive, or into a text or bytea column of
 * an application's own table.  A text column receives valid UTF-8: bytes
 * that are not (and NUL bytes, which text cannot hold) become U+FFFD.  A
 * bytea column receives the bytes unchanged.  doc/loader.md is the manual.
 *
 * tools/bounce-load/bounce-load.c
 *
 *-------------------------------------------------------------------------
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#define LOADER_VERSION "1.0"

/* A batch is sent once it holds this many bytes of COPY data. */
#define BATCH_BYTES (8 * 1024 * 1024)

/* Exit codes. */
#define EXIT_DB 1				/* the database refused, or no connection */
#define EXIT_USAGE 2			/* bad options */
#define EXIT_INPUT 3			/* an input could not be read */

/* How the lines of a stream make messages. */
typedef enum read_mode
{
	READ_SINGLE,				/* one message, a leading "From " line dropped */
	READ_MBOX					/* mboxrd: split on "From " lines */
} read_mode;

/* A growable byte buffer. */
typedef struct buf
{
	char	   *data;
	size_t		len;
	size_t		cap;
} buf;

/* Everything the loader knows while it runs. */
typedef struct loader
{
	PGconn	   *conn;
	char	   *table;			/* quoted, schema-qualified if need be */
	char	   *column;			/* quoted */
	int			is_bytea;		/* the column is bytea, not text */
	int			own_table;		/* --table given: no source, no ids */
	const char *source;			/* --source, or NULL */
	long		batch_max;		/* messages per batch */
	int			quiet;
	int			progress;		/* show a progress line on stderr */
	int			counting;		/* ask for recipients after each batch */

	buf			rows;			/* COPY rows of the batch being filled */
	long		batch_count;	/* messages in rows */
	long		batches;		/* batches committed */

	long		messages;		/* loaded (committed) */
	uint64_t	bytes;			/* bytes of the loaded messages */
	uint64_t	batch_bytes;	/* bytes of the messages in rows */
	long		recipients;		/* found by parsing the loaded messages */
	long		events;			/* events stored for them */
	long		failed;			/* messages whose parsing failed */
	int			input_errors;	/* inputs that could not be read */

	struct timespec started;
	struct timespec shown;		/* last progress line */
	int			shown_width;
} loader;

static const char *progname = "bounce-load";

/* Print an error message, prefixed with the program name, on stderr. */
static void
error(const char *fmt,...)
{
	va_list		ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Allocate or die: the loader cannot go on without memory. */
static void *
xrealloc(void *p, size_t size)
{
	void	   *q = realloc(p, size ? size : 1);

	if (q == NULL)
	{
		error("out of memory");
		exit(EXIT_DB);
	}
	return q;
}

/* Copy a string, or die. */
static char *
xstrdup(const char *s)
{
	size_t		n = strlen(s) + 1;

	return memcpy(xrealloc(NULL, n), s, n);
}

/* Make room for n more bytes in b. */
static void
buf_reserve(buf *b, size_t n)
{
	size_t		cap = b->cap ? b->cap : 4096;

	if (b->len + n <= b->cap)
		return;
	while (cap < b->len + n)
		cap *= 2;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

/* Append n bytes to b. */
static void
buf_add(buf *b, const char *s, size_t n)
{
	buf_reserve(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
}

/* Append a NUL-terminated string to b. */
static void
buf_str(buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/* Seconds elapsed since t. */
static double
seconds_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double) (now.tv_sec - t->tv_sec) +
		(double) (now.tv_nsec - t->tv_nsec) / 1e9;
}

/* Bytes as "512 B", "34.5 kB", "12.3 MB" or "1.2 GB". */
static void
format_bytes(uint64_t n, char *out, size_t size)
{
	if (n < 1000)
		snprintf(out, size, "%llu B", (unsigned long long) n);
	else if (n < 1000 * 1000)
		snprintf(out, size, "%.1f kB", n / 1e3);
	else if (n < (uint64_t) 1000 * 1000 * 1000)
		snprintf(out, size, "%.1f MB", n / 1e6);
	else
		snprintf(out, size, "%.1f GB", n / 1e9);
}

/*
 * Rewrite the progress line on stderr, at most five times a second unless
 * forced.  Counts include the batch being filled.
 */
static void
show_progress(loader *L, int force)
{
	char		size[32];
	char		line[160];
	double		secs = seconds_since(&L->started);
	long		n = L->messages + L->batch_count;
	int			width;

	if (!L->progress || (!force && seconds_since(&L->shown) < 0.2))
		return;
	clock_gettime(CLOCK_MONOTONIC, &L->shown);
	format_bytes(L->bytes + L->batch_bytes, size, sizeof(size));
	width = snprintf(line, sizeof(line), "%ld message%s read, %s, %.0f messages/s",
					 n, n == 1 ? "" : "s", size, secs > 0 ? n / secs : 0.0);
	fprintf(stderr, "\r%s%*s", line,
			L->shown_width > width ? L->shown_width - width : 0, "");
	L->shown_width = width;
	fflush(stderr);
}

/* Clear the progress line, so that what follows starts on a clean line. */
static void
end_progress(loader *L)
{
	if (L->progress && L->shown_width > 0)
		fprintf(stderr, "\r%*s\r", L->shown_width, "");
	L->shown_width = 0;
}

/*
 * Length of the valid UTF-8 sequence at s[0..n), or 0 if the bytes there
 * do not start one (RFC 3629: no overlong forms, no surrogates, nothing
 * above U+10FFFF).  NUL counts as invalid, since text cannot hold it.
 */
static int
utf8_sequence(const unsigned char *s, size_t n)
{
	int			len;
	unsigned char lo = 0x80,
				hi = 0xBF;
	int			i;

	if (s[0] == 0)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
	{
		len = 3;
		if (s[0] == 0xE0)
			lo = 0xA0;
		else if (s[0] == 0xED)
			hi = 0x9F;
	}
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
	{
		len = 4;
		if (s[0] == 0xF0)
			lo = 0x90;
		else if (s[0] == 0xF4)
			hi = 0x8F;
	}
	else
		return 0;
	if ((size_t) len > n || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
	{
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	}
	return len;
}

/*
 * Append a message to a COPY row as text: valid UTF-8, escaped for COPY's
 * text format.  Each invalid byte becomes one U+FFFD.
 */
static void
add_text_field(buf *row, const char *msg, size_t len)
{
	const unsigned char *s = (const unsigned char *) msg;
	size_t		i = 0;

	buf_reserve(row, len + len / 8 + 16);
	while (i < len)
	{
		int			n = utf8_sequence(s + i, len - i);

		if (n == 0)
		{
			buf_add(row, "\xEF\xBF\xBD", 3);
			i++;
			continue;
		}
		switch (s[i])
		{
			case '\\':
				buf_add(row, "\\\\", 2);
				break;
			case '\n':
				buf_add(row, "\\n", 2);
				break;
			case '\r':
				buf_add(row, "\\r", 2);
				break;
			case '\t':
				buf_add(row, "\\t", 2);
				break;
			default:
				buf_add(row, msg + i, n);
		}
		i += n;
	}
}

/* Append a message to a COPY row as bytea in hex form ("\\x..."). */
static void
add_bytea_field(buf *row, const char *msg, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t		i;

	buf_reserve(row, 2 * len + 3);
	buf_add(row, "\\\\x", 3);
	for (i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) msg[i];

		row->data[row->len++] = hex[c >> 4];
		row->data[row->len++] = hex[c & 0x0F];
	}
}

/*
 * Print the server's error after a prefix of ours: its primary message,
 * then its detail, hint and (when asked for) context, each cut to a few
 * hundred bytes, since a failing row's detail can quote a whole message.
 */
static void
print_db_error(PGconn *conn, PGresult *res, const char *prefix, int context)
{
	static const int fields[] = {PG_DIAG_MESSAGE_DETAIL, PG_DIAG_MESSAGE_HINT,
	PG_DIAG_CONTEXT};
	static const char *const labels[] = {"detail", "hint", "context"};
	const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	size_t		i;

	if (primary == NULL)
	{
		const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(conn);

		fprintf(stderr, "%s: %s: %s", progname, prefix,
				msg && *msg ? msg : "no error message\n");
		return;
	}
	fprintf(stderr, "%s: %s: %s\n", progname, prefix, primary);
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
	{
		const char *v = PQresultErrorField(res, fields[i]);

		if (v != NULL && (context || fields[i] != PG_DIAG_CONTEXT))
			fprintf(stderr, "%s: %s: %.300s%s\n", progname, labels[i], v,
					strlen(v) > 300 ? " ..." : "");
	}
}

/* Say which batch the database refused, roll back, and leave. */
static void
batch_failed(loader *L, const char *what, PGresult *res)
{
	char		prefix[128];

	end_progress(L);
	snprintf(prefix, sizeof(prefix),
			 "the database refused batch %ld (%ld message%s) at %s",
			 L->batches + 1, L->batch_count, L->batch_count == 1 ? "" : "s",
			 what);
	print_db_error(L->conn, res, prefix, 1);
	if (res)
		PQclear(res);
	if (PQstatus(L->conn) == CONNECTION_OK)
		PQclear(PQexec(L->conn, "ROLLBACK"));
	error("%ld message%s loaded before the failure, none of batch %ld",
		  L->messages, L->messages == 1 ? " was" : "s were", L->batches + 1);
	PQfinish(L->conn);
	exit(EXIT_DB);
}

/* Run a command that returns no rows; leave on failure. */
static void
exec_command(loader *L, const char *sql)
{
	PGresult   *res = PQexec(L->conn, sql);

	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		batch_failed(L, sql, res);
	PQclear(res);
}

/*
 * Take one id of bounce.messages for each message of the batch, as a
 * PostgreSQL array literal, so that the summary can ask about exactly the
 * messages loaded.  Fills ids (one per row) and returns the literal.
 */
static char *
reserve_ids(loader *L, char ***ids)
{
	char		count[32];
	const char *params[1];
	PGresult   *res;
	buf			lit = {0};
	int			i;

	snprintf(count, sizeof(count), "%ld", L->batch_count);
	params[0] = count;
	res = PQexecParams(L->conn,
					   "SELECT pg_catalog.nextval(pg_catalog.pg_get_serial_sequence('bounce.messages', 'id'))"
					   " FROM pg_catalog.generate_series(1, $1::integer)",
					   1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != L->batch_count)
		batch_failed(L, "taking ids of bounce.messages", res);
	*ids = xrealloc(NULL, sizeof(char *) * L->batch_count);
	buf_add(&lit, "{", 1);
	for (i = 0; i < PQntuples(res); i++)
	{
		(*ids)[i] = xstrdup(PQgetvalue(res, i, 0));
		if (i > 0)
			buf_add(&lit, ",", 1);
		buf_str(&lit, (*ids)[i]);
	}
	buf_add(&lit, "}", 2);
	PQclear(res);
	return lit.data;
}

/* Send the rows of the batch, each after its id when ids is not NULL. */
static void
send_rows(loader *L, char **ids)
{
	size_t		start = 0;
	long		row = 0;
	buf			out = {0};

	while (start < L->rows.len)
	{
		char	   *end = memchr(L->rows.data + start, '\n', L->rows.len - start);
		size_t		n = (size_t) (end - (L->rows.data + start)) + 1;

		if (ids != NULL)
		{
			buf_str(&out, ids[row]);
			buf_add(&out, "\t", 1);
		}
		buf_add(&out, L->rows.data + start, n);
		start += n;
		row++;
		if (out.len >= 1024 * 1024 || start >= L->rows.len)
		{
			if (PQputCopyData(L->conn, out.data, (int) out.len) != 1)
				batch_failed(L, "COPY", NULL);
			out.len = 0;
		}
	}
	free(out.data);
}

/*
 * Ask what parsing made of the messages just committed: recipients found,
 * events stored, parsing failures.  Only a convenience: if the question
 * fails (a bounce.messages without the columns of the analytics), stop
 * asking and say so once.
 */
static void
count_parsed(loader *L, const char *id_array)
{
	const char *params[1];
	PGresult   *res;

	params[0] = id_array;
	res = PQexecParams(L->conn,
					   "SELECT coalesce(pg_catalog.sum(m.recipients), 0),"
					   " pg_catalog.count(*) FILTER (WHERE m.parse_state = 'failed'),"
					   " (SELECT pg_catalog.count(*) FROM bounce.events AS e"
					   "   WHERE e.message_id OPERATOR(pg_catalog.=) ANY ($1::bigint[]))"
					   " FROM bounce.messages AS m"
					   " WHERE m.id OPERATOR(pg_catalog.=) ANY ($1::bigint[])",
					   1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
	{
		end_progress(L);
		fprintf(stderr, "%s: note: cannot count the recipients found: %s",
				progname, PQresultErrorMessage(res));
		L->counting = 0;
		PQclear(res);
		return;
	}
	L->recipients += atol(PQgetvalue(res, 0, 0));
	L->failed += atol(PQgetvalue(res, 0, 1));
	L->events += atol(PQgetvalue(res, 0, 2));
	PQclear(res);
}

/* The COPY command for the target, with the id and source columns if ours. */
static char *
copy_command(loader *L)
{
	buf			sql = {0};

	buf_str(&sql, "COPY ");
	buf_str(&sql, L->table);
	buf_str(&sql, L->own_table ? " (" : " (id, ");
	buf_str(&sql, L->column);
	buf_str(&sql, L->own_table ? ") FROM STDIN" : ", source) FROM STDIN");
	buf_add(&sql, "", 1);
	return sql.data;
}

/* Send the batch with COPY in a transaction of its own, and commit it. */
static void
flush_batch(loader *L)
{
	char	  **ids = NULL;
	char	   *id_array = NULL;
	char	   *sql;
	PGresult   *res;
	long		i;

	if (L->batch_count == 0)
		return;
	exec_command(L, "BEGIN");
	if (!L->own_table)
		id_array = reserve_ids(L, &ids);

	sql = copy_command(L);
	res = PQexec(L->conn, sql);
	if (PQresultStatus(res) != PGRES_COPY_IN)
		batch_failed(L, "the start of COPY", res);
	PQclear(res);
	send_rows(L, ids);
	if (PQputCopyEnd(L->conn, NULL) != 1)
		batch_failed(L, "COPY", NULL);
	res = PQgetResult(L->conn);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		batch_failed(L, "COPY", res);
	PQclear(res);
	while ((res = PQgetResult(L->conn)) != NULL)
		PQclear(res);
	exec_command(L, "COMMIT");
	free(sql);

	L->batches++;
	L->messages += L->batch_count;
	L->bytes += L->batch_bytes;
	if (L->counting && !L->own_table)
		count_parsed(L, id_array);
	for (i = 0; ids != NULL && i < L->batch_count; i++)
		free(ids[i]);
	free(ids);
	free(id_array);
	L->rows.len = 0;
	L->batch_count = 0;
	L->batch_bytes = 0;
	show_progress(L, 1);
}

/* Add one message to the batch; send the batch when it is full. */
static void
add_message(loader *L, const char *msg, size_t len)
{
	if (len == 0)
		return;
	if (L->is_bytea)
		add_bytea_field(&L->rows, msg, len);
	else
		add_text_field(&L->rows, msg, len);
	if (!L->own_table)
	{
		buf_add(&L->rows, "\t", 1);
		if (L->source != NULL)
			add_text_field(&L->rows, L->source, strlen(L->source));
		else
			buf_add(&L->rows, "\\N", 2);
	}
	buf_add(&L->rows, "\n", 1);
	L->batch_count++;
	L->batch_bytes += len;
	if (L->batch_count >= L->batch_max || L->rows.len >= BATCH_BYTES)
		flush_batch(L);
	else
		show_progress(L, 0);
}

/* Does the line start an mbox message ("From " at the start of a line)? */
static int
is_from_line(const char *line, size_t len)
{
	return len >= 5 && memcmp(line, "From ", 5) == 0;
}

/* Is the line a quoted one (">From ", ">>From ", ...) that mboxrd unquotes? */
static int
is_quoted_from(const char *line, size_t len)
{
	size_t		i = 0;

	while (i < len && line[i] == '>')
		i++;
	return i > 0 && is_from_line(line + i, len - i);
}

/*
 * Finish an mbox message: drop the empty line that separates it from the
 * next one, then add it to the batch.
 */
static void
end_mbox_message(loader *L, buf *msg)
{
	if (msg->len >= 2 && msg->data[msg->len - 1] == '\n' &&
		msg->data[msg->len - 2] == '\n')
		msg->len--;
	else if (msg->len >= 4 && memcmp(msg->data + msg->len - 4, "\r\n\r\n", 4) == 0)
		msg->len -= 2;
	add_message(L, msg->data, msg->len);
	msg->len = 0;
}

/*
 * Read the messages of a stream.  READ_MBOX splits on lines that start
 * with "From " and removes one ">" from lines of the form ">From ",
 * ">>From ", ... (the mboxrd convention); READ_SINGLE reads the whole
 * stream as one message, dropping a first line that starts with "From "
 * (the envelope line some mail servers put before a message they pipe).
 */
static int
read_stream(loader *L, FILE *f, read_mode mode)
{
	char	   *line = NULL;
	size_t		cap = 0;
	ssize_t		n;
	buf			msg = {0};
	int			first = 1;

	while ((n = getline(&line, &cap, f)) > 0)
	{
		if (first && is_from_line(line, (size_t) n))
		{
			first = 0;
			continue;
		}
		first = 0;
		if (mode == READ_MBOX && is_from_line(line, (size_t) n))
			end_mbox_message(L, &msg);
		else if (mode == READ_MBOX && is_quoted_from(line, (size_t) n))
			buf_add(&msg, line + 1, (size_t) n - 1);
		else
			buf_add(&msg, line, (size_t) n);
	}
	if (mode == READ_MBOX)
		end_mbox_message(L, &msg);
	else
		add_message(L, msg.data, msg.len);
	free(line);
	free(msg.data);
	return ferror(f) ? -1 : 0;
}

/* Is the file an mbox, that is, does its first line start with "From "? */
static int
looks_like_mbox(FILE *f)
{
	char		head[5];
	size_t		n = fread(head, 1, sizeof(head), f);

	rewind(f);
	return n == sizeof(head) && memcmp(head, "From ", 5) == 0;
}

/* Load a file: an mbox, or a single message. */
static void
load_file(loader *L, const char *path, int mbox_allowed)
{
	FILE	   *f = fopen(path, "rb");

	if (f == NULL)
	{
		end_progress(L);
		error("could not open \"%s\": %s", path, strerror(errno));
		L->input_errors++;
		return;
	}
	if (read_stream(L, f, mbox_allowed && looks_like_mbox(f) ? READ_MBOX : READ_SINGLE) < 0)
	{
		end_progress(L);
		error("could not read \"%s\": %s", path, strerror(errno));
		L->input_errors++;
	}
	fclose(f);
}

/* qsort comparison of two file names. */
static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

/*
 * Load the messages of one Maildir subdirectory (cur or new), in the
 * order of their file names; names starting with a dot are skipped.
 */
static void
load_maildir_part(loader *L, const char *dir, const char *part)
{
	size_t		dlen = strlen(dir) + strlen(part) + 2;
	char	   *path = xrealloc(NULL, dlen);
	char	  **names = NULL;
	size_t		count = 0;
	size_t		i;
	DIR		   *d;
	struct dirent *e;

	snprintf(path, dlen, "%s/%s", dir, part);
	if ((d = opendir(path)) == NULL)
	{
		free(path);
		return;
	}
	while ((e = readdir(d)) != NULL)
	{
		if (e->d_name[0] == '.')
			continue;
		names = xrealloc(names, sizeof(char *) * (count + 1));
		names[count] = xrealloc(NULL, dlen + strlen(e->d_name) + 1);
		snprintf(names[count], dlen + strlen(e->d_name) + 1, "%s/%s",
				 path, e->d_name);
		count++;
	}
	closedir(d);
	qsort(names, count, sizeof(char *), compare_names);
	for (i = 0; i < count; i++)
	{
		load_file(L, names[i], 0);
		free(names[i]);
	}
	free(names);
	free(path);
}

/* Is path/sub a directory? */
static int
has_subdir(const char *path, const char *sub)
{
	char		full[4096];
	struct stat st;

	if (snprintf(full, sizeof(full), "%s/%s", path, sub) >= (int) sizeof(full))
		return 0;
	return stat(full, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Load one argument: "-" (standard input), a Maildir, or a file. */
static void
load_argument(loader *L, const char *arg)
{
	struct stat st;

	if (strcmp(arg, "-") == 0)
	{
		if (read_stream(L, stdin, READ_SINGLE) < 0)
		{
			error("could not read standard input: %s", strerror(errno));
			L->input_errors++;
		}
		return;
	}
	if (stat(arg, &st) != 0)
	{
		end_progress(L);
		error("could not open \"%s\": %s", arg, strerror(errno));
		L->input_errors++;
	}
	else if (S_ISDIR(st.st_mode))
	{
		if (!has_subdir(arg, "cur") && !has_subdir(arg, "new"))
		{
			end_progress(L);
			error("\"%s\" is a directory but not a Maildir (it has neither cur/ nor new/)", arg);
			L->input_errors++;
			return;
		}
		load_maildir_part(L, arg, "cur");
		load_maildir_part(L, arg, "new");
	}
	else
		load_file(L, arg, 1);
}

/*
 * Find the target table and column, check the column's type, and keep
 * their quoted names.  The default target is bounce.messages (raw).
 */
static void
resolve_target(loader *L, const char *table, const char *column)
{
	const char *params[2];
	PGresult   *res;
	const char *type;

	params[0] = table;
	params[1] = column;
	res = PQexecParams(L->conn,
					   "SELECT c.oid::pg_catalog.regclass::text, pg_catalog.quote_ident(a.attname),"
					   " a.atttypid::pg_catalog.regtype::text"
					   " FROM pg_catalog.pg_class AS c"
					   " LEFT JOIN pg_catalog.pg_attribute AS a"
					   "   ON a.attrelid = c.oid AND a.attname = $2 AND a.attnum > 0"
					   "  AND NOT a.attisdropped"
					   " WHERE c.oid = $1::pg_catalog.regclass",
					   2, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
	{
		char		prefix[128];

		snprintf(prefix, sizeof(prefix), "cannot load into %.100s", table);
		print_db_error(L->conn, res, prefix, 0);
		if (!L->own_table)
			fprintf(stderr, "%s: hint: is the bounce extension installed in this database?  (CREATE EXTENSION bounce)\n",
					progname);
		PQfinish(L->conn);
		exit(EXIT_DB);
	}
	if (PQgetisnull(res, 0, 1))
	{
		error("table %s has no column \"%s\"", PQgetvalue(res, 0, 0), column);
		PQfinish(L->conn);
		exit(EXIT_DB);
	}
	type = PQgetvalue(res, 0, 2);
	L->is_bytea = strcmp(type, "bytea") == 0;
	if (!L->is_bytea && strcmp(type, "text") != 0 &&
		strcmp(type, "character varying") != 0)
	{
		error("column \"%s\" of %s has type %s; it must be text, varchar or bytea",
			  column, PQgetvalue(res, 0, 0), type);
		PQfinish(L->conn);
		exit(EXIT_DB);
	}
	L->table = xstrdup(PQgetvalue(res, 0, 0));
	L->column = xstrdup(PQgetvalue(res, 0, 1));
	PQclear(res);
}

/* Connect with the libpq conventions: PG* variables, or -d CONNSTR. */
static PGconn *
connect_database(const char *connstr)
{
	const char *keys[] = {"dbname", "fallback_application_name", NULL};
	const char *values[] = {connstr, progname, NULL};
	PGconn	   *conn = PQconnectdbParams(keys, values, 1);

	if (conn == NULL || PQstatus(conn) != CONNECTION_OK)
	{
		error("could not connect to the database: %s",
			  conn ? PQerrorMessage(conn) : "out of memory\n");
		PQfinish(conn);
		exit(EXIT_DB);
	}
	if (PQsetClientEncoding(conn, "UTF8") != 0)
	{
		error("could not set the client encoding to UTF8: %s", PQerrorMessage(conn));
		PQfinish(conn);
		exit(EXIT_DB);
	}
	return conn;
}

/* Print the summary line on standard output. */
static void
print_summary(loader *L)
{
	char		size[32];
	double		secs = seconds_since(&L->started);

	end_progress(L);
	if (L->quiet)
		return;
	format_bytes(L->bytes, size, sizeof(size));
	printf("%ld message%s (%s) loaded into %s in %.2f s, %.0f messages/s",
		   L->messages, L->messages == 1 ? "" : "s", size, L->table, secs,
		   secs > 0 ? L->messages / secs : 0.0);
	if (L->counting && !L->own_table)
		printf("; %ld recipients found, %ld new events", L->recipients, L->events);
	if (L->failed > 0)
		printf("; %ld could not be parsed (see bounce.messages.parse_error)", L->failed);
	printf("\n");
}

/* Print the usage text. */
static void
usage(FILE *out)
{
	fprintf(out,
			"%s loads bounce messages into PostgreSQL.\n\n"
			"Usage:\n"
			"  %s [OPTION]... [FILE | MAILDIR | -]...\n\n"
			"Each FILE is an mbox (mboxrd) when its first line starts with \"From \",\n"
			"else one message; MAILDIR is a folder with cur/ and new/; \"-\", or no\n"
			"argument with standard input not a terminal, reads one message from it.\n\n"
			"Options:\n"
			"  -d, --dbname=CONNSTR   database name or connection string\n"
			"  -s, --source=LABEL     store LABEL in bounce.messages.source\n"
			"  -t, --table=TABLE      load into TABLE instead of bounce.messages\n"
			"  -c, --column=COLUMN    the text or bytea column of TABLE to fill\n"
			"  -b, --batch=N          messages per COPY and transaction (default 1000)\n"
			"  -q, --quiet            no progress line and no summary\n"
			"  -V, --version          print the version and exit\n"
			"  -?, --help             print this help and exit\n\n"
			"The connection follows the libpq conventions (PGHOST, PGPORT, PGUSER,\n"
			"PGDATABASE, ...).  Exit status: 0 when everything was loaded, 1 when the\n"
			"database refused, 2 for bad options, 3 when an input could not be read.\n",
			progname, progname);
}

/*
 * Parse the options into L and the target; returns the index of the first
 * input.  --help and --version count only as the first argument, as in the
 * PostgreSQL programs.
 */
static int
parse_options(int argc, char **argv, loader *L, const char **connstr,
			  const char **table, const char **column)
{
	static const struct option options[] = {
		{"dbname", required_argument, NULL, 'd'},
		{"source", required_argument, NULL, 's'},
		{"table", required_argument, NULL, 't'},
		{"column", required_argument, NULL, 'c'},
		{"batch", required_argument, NULL, 'b'},
		{"quiet", no_argument, NULL, 'q'},
		{NULL, 0, NULL, 0}
	};
	int			c;
	char	   *end;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-?") == 0))
	{
		usage(stdout);
		exit(0);
	}
	if (argc > 1 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0))
	{
		printf("%s %s\n", progname, LOADER_VERSION);
		exit(0);
	}
	while ((c = getopt_long(argc, argv, "d:s:t:c:b:q", options, NULL)) != -1)
	{
		switch (c)
		{
			case 'd':
				*connstr = optarg;
				break;
			case 's':
				L->source = optarg;
				break;
			case 't':
				*table = optarg;
				break;
			case 'c':
				*column = optarg;
				break;
			case 'b':
				errno = 0;
				L->batch_max = strtol(optarg, &end, 10);
				if (errno != 0 || *end != '\0' || L->batch_max < 1 || L->batch_max > 1000000)
				{
					error("invalid batch size \"%s\": must be between 1 and 1000000", optarg);
					exit(EXIT_USAGE);
				}
				break;
			case 'q':
				L->quiet = 1;
				break;
			default:
				fprintf(stderr, "Try \"%s --help\" for more information.\n", progname);
				exit(EXIT_USAGE);
		}
	}
	return optind;
}

/* Check the combination of options; leave with a message if it is wrong. */
static void
check_options(loader *L, const char *table, const char *column)
{
	if ((table == NULL) != (column == NULL))
	{
		error("--table and --column go together");
		exit(EXIT_USAGE);
	}
	L->own_table = table != NULL;
	if (L->own_table && L->source != NULL)
	{
		error("--source applies to bounce.messages only, not to --table");
		exit(EXIT_USAGE);
	}
}

int
main(int argc, char **argv)
{
	loader		L = {0};
	const char *connstr = NULL;
	const char *table = NULL;
	const char *column = NULL;
	int			first;
	int			i;

	L.batch_max = 1000;
	first = parse_options(argc, argv, &L, &connstr, &table, &column);
	check_options(&L, table, column);
	if (first >= argc && isatty(fileno(stdin)))
	{
		error("no input: give files, Maildir folders or \"-\" (standard input is a terminal)");
		fprintf(stderr, "Try \"%s --help\" for more information.\n", progname);
		exit(EXIT_USAGE);
	}

	L.conn = connect_database(connstr);
	resolve_target(&L, L.own_table ? table : "bounce.messages",
				   L.own_table ? column : "raw");
	L.counting = !L.own_table;
	L.progress = !L.quiet && isatty(fileno(stderr));
	clock_gettime(CLOCK_MONOTONIC, &L.started);

	if (first >= argc)
		load_argument(&L, "-");
	for (i = first; i < argc; i++)
		load_argument(&L, argv[i]);
	flush_batch(&L);

	print_summary(&L);
	PQfinish(L.conn);
	free(L.rows.data);
	free(L.table);
	free(L.column);
	return L.input_errors > 0 ? EXIT_INPUT : 0;
}
