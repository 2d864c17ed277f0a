from capkin.cli import main

main()
