// The markdown samples run as programs: they set the process's current directory and Console.Out,
// which no other test may see changed under it. The machine is small anyway, so every test runs serially.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
