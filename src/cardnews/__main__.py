from cardnews.cli import main

raise SystemExit(main())
