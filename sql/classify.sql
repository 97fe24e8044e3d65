--
-- classify: the reason of a single diagnostic line, and hard or soft
--
SET search_path = bounce, public;

SELECT d AS diagnostic, bounce.classify(d) AS reason
  FROM (VALUES
    ('550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in virtual mailbox table'),
    ('552 5.2.2 <a@example.com>: mailbox full'),
    ('452 4.2.2 The email account that you tried to reach is over quota'),
    ('550 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using zen.spamhaus.org'),
    ('550 5.0.0 user unknown'),
    ('554 5.7.1 Message rejected as spam by Content Filtering'),
    ('550 5.7.26 This message does not pass authentication checks (SPF and DKIM both do not pass)'),
    ('421 4.7.0 Too many concurrent connections from this IP address'),
    ('550 5.1.2 Host or domain name not found'),
    ('554 5.3.4 Message too big for system'),
    ('550 5.7.1 <x@example.net>: Relay access denied'),
    ('450 4.7.25 Client host rejected: cannot find your hostname, [198.51.100.7]'),
    ('4.4.7 Delivery time expired'),
    ('250 2.0.0 OK'),
    ('no words we know'),
    ('')
  ) AS t(d);

-- A code given as an argument takes precedence over one read from the text.
SELECT bounce.classify('mailbox unavailable', '5.1.1') AS with_status,
       bounce.classify('mailbox unavailable') AS text_only,
       bounce.classify(NULL, '5.2.2') AS status_only,
       bounce.classify(NULL, NULL, 550) AS reply_only,
       bounce.classify(NULL) AS nothing;

-- A reply code must be a real one.
SELECT bounce.classify('user unknown', NULL, 999);

-- Hard or soft, for every reason, with a permanent and a transient status.
SELECT r AS reason,
       bounce.is_hard(r) AS no_status,
       bounce.is_hard(r, '5.0.0') AS permanent,
       bounce.is_hard(r, '4.0.0') AS transient
  FROM unnest(enum_range(NULL::bounce.reason)) AS r
 ORDER BY r;
SELECT bounce.is_hard(NULL) AS null_reason;
