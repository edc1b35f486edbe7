"""Notice beyond the desk: e-mail to banks and staff, and the team's chat groups.

Every message goes to the outbox in the database first (:mod:`.outbox`), then a sender
(:mod:`.sender`) delivers it by SMTP (:mod:`.smtp`) or to a chat group's robot (:mod:`.webhooks`),
retrying with back-off and never sending twice. :mod:`.settings` holds where mail goes and which
chat groups are on (passwords, webhook addresses and signing secrets only in the keyring);
:mod:`.producers` turns letters, contact windows, reminders and messages into outbox entries.
"""
