"""Mail: SMTP out, IMAP in, and the parsing and composing of RFC 5322 letters."""
