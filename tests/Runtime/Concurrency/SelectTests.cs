using FluentAI.Plugins.Values;
using static FluentAI.Plugins.Runtime.Tests.Library.V;

namespace FluentAI.Plugins.Runtime.Tests.Concurrency;

public sealed class SelectTests
{
    private static Fn Body(string result) => new Lambda1("select", _ => result);

    private static Fn Echo() => new Lambda1("select", v => v);

    private static FList Recv(object? ch, Fn body) => L("recv", ch, null, body);

    private static FList SendClause(object? ch, object? value, Fn body) => L("send", ch, value, body);

    [Fact]
    public void WithNothingReadyTheDefaultRuns()
    {
        var result = Runtime.Concurrency.Select(
            L(Recv(Builtins.Chan(), Body("got-ch1")), Recv(Builtins.Chan(), Body("got-ch2"))),
            new Lambda0("default", () => "no-data"));
        Assert.Equal("no-data", result);
    }

    [Fact]
    public void TheFirstReadyClauseRunsWithTheValueReceived()
    {
        var ch1 = Builtins.Chan(1L);
        var ch2 = Builtins.Chan(1L);
        Builtins.Send(ch2, 20L);
        Assert.Equal(20L, Runtime.Concurrency.Select(L(Recv(ch1, Echo()), Recv(ch2, Echo())), new Lambda0("default", () => "none")));
        Builtins.Send(ch1, 10L);
        Builtins.Send(ch2, 30L);
        Assert.Equal(10L, Runtime.Concurrency.Select(L(Recv(ch1, Echo()), Recv(ch2, Echo())), null));
    }

    [Fact]
    public async Task WithoutADefaultSelectBlocksUntilAChannelIsReady()
    {
        var ch1 = Builtins.Chan();
        var ch2 = Builtins.Chan();
        var selected = Task.Run(() => Runtime.Concurrency.Select(L(Recv(ch1, Body("one")), Recv(ch2, Echo())), null));
        Assert.False(await ChannelTests.Finishes(selected, 50));
        _ = Task.Run(() => Builtins.Send(ch2, "two"));
        Assert.Equal("two", await selected.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void ASendClauseRunsWhenThereIsRoom()
    {
        var ch = Builtins.Chan(1L);
        Assert.Equal("sent", Runtime.Concurrency.Select(L(SendClause(ch, 1L, Body("sent"))), new Lambda0("default", () => "full")));
        Assert.Equal("full", Runtime.Concurrency.Select(L(SendClause(ch, 2L, Body("sent"))), new Lambda0("default", () => "full")));
        Assert.Equal(1L, Builtins.Recv(ch));
    }

    [Fact]
    public void AReceiveClauseOnAClosedDrainedChannelFails()
    {
        var ch = Builtins.Chan();
        Builtins.CloseChannel(ch);
        var e = Fails(() => Runtime.Concurrency.Select(L(Recv(ch, Echo())), null));
        Assert.Equal(ErrorCodes.ChannelClosed, e.Code);
        Assert.Equal("select: cannot receive from a closed channel", e.Message);
    }

    [Fact]
    public void MalformedClausesAreNamedErrors()
    {
        FailsWithWrongType("select", () => Runtime.Concurrency.Select(L(Recv(1L, Echo())), null));
        FailsWithWrongType("select", () => Runtime.Concurrency.Select(L(L("recv", Builtins.Chan())), null));
        FailsWithWrongType("select", () => Runtime.Concurrency.Select(5L, null));
        Assert.Equal(
            "select: unknown clause kind \"peek\": expected recv or send",
            Fails(() => Runtime.Concurrency.Select(L(L("peek", Builtins.Chan(), null, Echo())), null)).Message);
        Assert.Equal("select: needs at least one clause or a default", Fails(() => Runtime.Concurrency.Select(L(), null)).Message);
    }
}
