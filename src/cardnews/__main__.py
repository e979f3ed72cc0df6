from cardnews.cli import run

run()
