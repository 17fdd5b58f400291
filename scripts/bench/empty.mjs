// Intentionally empty: the bench times how long node takes to start and exit.
