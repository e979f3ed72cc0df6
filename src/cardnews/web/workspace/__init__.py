"""The team workspace in the web app: accounts, saved series with history, brand kits and layouts per team."""
