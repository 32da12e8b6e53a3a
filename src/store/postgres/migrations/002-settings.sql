-- Values every instance on this database must share, e.g. the secret that signs rater cookies
-- (a rater's next request may reach another instance).
CREATE TABLE prefstudy_settings (
  key text PRIMARY KEY,
  value text NOT NULL
);
