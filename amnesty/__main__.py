from amnesty.cli.app import main

main()
