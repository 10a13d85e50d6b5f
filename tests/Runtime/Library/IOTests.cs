using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using static FluentAI.Plugins.Runtime.Tests.Library.V;

namespace FluentAI.Plugins.Runtime.Tests.Library;

[Collection(nameof(GlobalStateCollection))]
public sealed class IOTests
{
    [Fact]
    public void PrintlnWritesTheArgumentsSeparatedBySpacesThenANewline()
    {
        var text = Capture(() => Assert.Null(Builtins.Println("a", 1L, "b c", L("x"), null)));
        Assert.Equal("a 1 b c (\"x\") nil\n", text);
    }

    [Fact]
    public void PrintlnWithOneArgumentWritesItUnquoted() =>
        Assert.Equal("Reloading a.ai\n", Capture(() => Builtins.Println("Reloading a.ai")));

    [Fact]
    public void PrintlnWithNoArgumentsWritesOnlyANewline() => Assert.Equal("\n", Capture(() => Builtins.Println()));

    [Fact]
    public void PrintWritesWithoutANewline()
    {
        var text = Capture(() =>
        {
            Assert.Null(Builtins.Print("x"));
            Assert.Null(Builtins.Print(1L, K("k")));
            Assert.Null(Builtins.Print());
        });
        Assert.Equal("x1 :k", text);
    }

    [Fact]
    public void SettingOutToNullGoesBackToTheConsole()
    {
        FluentConsole.Out = TextWriter.Null;
        FluentConsole.Out = null;
        Assert.Same(Console.Out, FluentConsole.Out);
    }

    [Fact]
    public void NowReadsTheInjectedClockInMillisecondsSinceTheEpoch()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var saved = RuntimeClock.TimeProvider;
        RuntimeClock.TimeProvider = clock;
        try
        {
            Assert.Equal(1704164645000L, Builtins.Now());
            clock.Advance(TimeSpan.FromSeconds(5));
            Assert.Equal(1704164650000L, Builtins.Now());
        }
        finally
        {
            RuntimeClock.TimeProvider = saved;
        }
    }

    [Fact]
    public void NowUsesTheSystemClockByDefault()
    {
        Assert.Same(TimeProvider.System, RuntimeClock.TimeProvider);
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var now = Assert.IsType<long>(Builtins.Now());
        Assert.InRange(now, before, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    [Fact]
    public void SleepBlocksForTheGivenMillisecondsAndReturnsNil()
    {
        var watch = Stopwatch.StartNew();
        Assert.Null(Builtins.Sleep(5L));
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(4), $"slept only {watch.Elapsed}");
        Assert.Null(Builtins.Sleep(0.5));
    }

    [Fact]
    public void SleepRejectsNegativeDurationsAndNonNumbers()
    {
        Assert.StartsWith("sleep:", Fails(() => Builtins.Sleep(-1L)).Message, StringComparison.Ordinal);
        FailsWithWrongType("sleep", () => Builtins.Sleep("10"));
    }

    private static string Capture(Action action)
    {
        using var writer = new StringWriter();
        FluentConsole.Out = writer;
        try
        {
            action();
        }
        finally
        {
            FluentConsole.Out = null;
        }

        return writer.ToString();
    }
}
