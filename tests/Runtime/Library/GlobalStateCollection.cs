namespace FluentAI.Plugins.Runtime.Tests.Library;

/// <summary>Tests that swap <see cref="FluentConsole.Out"/> or <see cref="RuntimeClock.TimeProvider"/> run one at a time.</summary>
[CollectionDefinition(nameof(GlobalStateCollection), DisableParallelization = true)]
public sealed class GlobalStateCollection;
