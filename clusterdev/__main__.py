from clusterdev.cli import main

raise SystemExit(main())
