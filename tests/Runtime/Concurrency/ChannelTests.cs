using static FluentAI.Plugins.Runtime.Tests.Library.V;

namespace FluentAI.Plugins.Runtime.Tests.Concurrency;

public sealed class ChannelTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public void ABufferedChannelKeepsValuesInOrderUpToItsCapacity()
    {
        var ch = Builtins.Chan(2L);
        Assert.Null(Builtins.Send(ch, 1L));
        Assert.Null(Builtins.Send(ch, 2L));
        Assert.Equal(1L, Builtins.Recv(ch));
        Assert.Equal(2L, Builtins.Recv(ch));
    }

    [Fact]
    public void TrySendSucceedsUntilTheBufferIsFull()
    {
        var ch = Builtins.Chan(2L);
        Assert.Equal(L(true, true, false), L(Builtins.TrySend(ch, 1L), Builtins.TrySend(ch, 2L), Builtins.TrySend(ch, 3L)));
    }

    [Fact]
    public void TryRecvGivesTrueAndTheValueOrFalseAndNil()
    {
        var ch = Builtins.Chan(1L);
        Assert.Equal(L(false, null), Builtins.TryRecv(ch));
        Builtins.Send(ch, "x");
        Assert.Equal(L(true, "x"), Builtins.TryRecv(ch));
        Assert.Equal(L(false, null), Builtins.TryRecv(ch));
    }

    /// <summary>True when the task finishes within <paramref name="ms"/> milliseconds.</summary>
    internal static async Task<bool> Finishes(Task task, int ms) => await Task.WhenAny(task, Task.Delay(ms)) == task;

    [Fact]
    public async Task RecvBlocksUntilAnotherTaskSends()
    {
        var ch = (FChannel)Builtins.Chan()!;
        var received = Task.Run(() => Builtins.Recv(ch));
        Assert.False(await Finishes(received, 50));
        Builtins.Send(ch, 7L);
        Assert.Equal(7L, await received.WaitAsync(Patience));
    }

    [Fact]
    public async Task SendOnAnUnbufferedChannelWaitsForAReceiver()
    {
        var ch = Builtins.Chan(0L);
        var sent = Task.Run(() => Builtins.Send(ch, 1L));
        Assert.False(await Finishes(sent, 100), "send! on an unbuffered channel returned before anyone received");
        Assert.Equal(1L, Builtins.Recv(ch));
        Assert.Null(await sent.WaitAsync(Patience));
    }

    [Fact]
    public async Task ChanWithoutASizeBuffersOneValueAsTheReferenceDoes()
    {
        var ch = Builtins.Chan();
        Assert.Equal(1, ((FChannel)ch!).Capacity);
        Builtins.Send(ch, 42L);
        var second = Task.Run(() => Builtins.Send(ch, 43L));
        Assert.False(await Finishes(second, 50), "a second send! to a (chan) holding a value returned before anyone received");
        Assert.Equal(42L, Builtins.Recv(ch));
        await second.WaitAsync(Patience);
        Assert.Equal(43L, Builtins.Recv(ch));
    }

    [Fact]
    public async Task SendOnAFullBufferedChannelWaitsForRoom()
    {
        var ch = Builtins.Chan(1L);
        Builtins.Send(ch, 1L);
        var sent = Task.Run(() => Builtins.Send(ch, 2L));
        Assert.False(await Finishes(sent, 50));
        Assert.Equal(1L, Builtins.Recv(ch));
        await sent.WaitAsync(Patience);
        Assert.Equal(2L, Builtins.Recv(ch));
    }

    [Fact]
    public void AClosedChannelStillGivesTheValuesSentBeforeThenFails()
    {
        var ch = Builtins.Chan(2L);
        Builtins.Send(ch, 1L);
        Assert.Null(Builtins.CloseChannel(ch));
        Assert.Equal(1L, Builtins.Recv(ch));
        var e = Fails(() => Builtins.Recv(ch));
        Assert.Equal(ErrorCodes.ChannelClosed, e.Code);
        Assert.Equal("recv!: cannot receive from a closed channel", e.Message);
        Assert.Equal(L(false, null), Builtins.TryRecv(ch));
    }

    [Fact]
    public void SendingToAClosedChannelFails()
    {
        var ch = Builtins.Chan(2L);
        Builtins.CloseChannel(ch);
        var e = Fails(() => Builtins.Send(ch, 1L));
        Assert.Equal(ErrorCodes.ChannelClosed, e.Code);
        Assert.Equal("send!: cannot send to a closed channel", e.Message);
        Assert.Equal(false, Builtins.TrySend(ch, 1L));
    }

    [Fact]
    public async Task ClosingWakesABlockedReceiverWithAnError()
    {
        var ch = Builtins.Chan();
        var received = Task.Run(() => Builtins.Recv(ch));
        Assert.False(await Finishes(received, 50));
        Builtins.CloseChannel(ch);
        var e = await Assert.ThrowsAsync<FluentAIException>(() => received.WaitAsync(Patience));
        Assert.Equal(ErrorCodes.ChannelClosed, e.Code);
    }

    [Fact]
    public void ChanChecksItsBufferSize()
    {
        FailsWithWrongType("chan", () => Builtins.Chan("2"));
        var e = Fails(() => Builtins.Chan(-1L));
        Assert.Equal("chan: the buffer size must be from 0 to 2147483647, got -1", e.Message);
        Assert.Equal(0, ((FChannel)Builtins.Chan(0L)!).Capacity);
    }

    [Fact]
    public void ChannelOperationsRejectOtherValuesNamingTheFunction()
    {
        FailsWithWrongType("send!", () => Builtins.Send(L(), 1L));
        FailsWithWrongType("recv!", () => Builtins.Recv(null));
        FailsWithWrongType("try-send!", () => Builtins.TrySend(1L, 1L));
        FailsWithWrongType("try-recv!", () => Builtins.TryRecv("ch"));
        FailsWithWrongType("close!", () => Builtins.CloseChannel(M()));
        Assert.Equal("recv! expects a channel, got 5 (an integer)", Fails(() => Builtins.Recv(5L)).Message);
    }

    [Fact]
    public void ChannelsPrintAndAnswerChannelP()
    {
        Assert.Equal("#<channel buffer 1>", P(Builtins.Chan()));
        Assert.Equal("#<channel unbuffered>", P(Builtins.Chan(0L)));
        var ch = Builtins.Chan(3L);
        Builtins.CloseChannel(ch);
        Assert.Equal("#<channel buffer 3 closed>", P(ch));
        Assert.Equal(true, Builtins.IsChannel(ch));
        Assert.Equal(false, Builtins.IsChannel(L()));
        Assert.Equal("a channel", Errors.TypeName(ch));
    }
}
