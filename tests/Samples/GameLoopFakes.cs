using GameLoop;
using Microsoft.Extensions.Time.Testing;

namespace FluentAI.Plugins.Samples.Tests;

/// <summary>An enemy AI that takes <see cref="Spends"/> on the frame clock to decide, and runs <see cref="During"/> meanwhile.</summary>
internal sealed class GameLoopSlowAi(FakeTimeProvider clock) : IEnemyAi
{
    public TimeSpan Spends { get; set; }

    public Action? During { get; set; }

    public IReadOnlyList<long> EnemyAi(IReadOnlyList<long> positions, long frame)
    {
        clock.Advance(Spends);
        During?.Invoke();
        return [.. positions.Select(_ => 1L)];
    }
}

/// <summary>A world of one enemy, in C#: for testing the loop's accounting without a host.</summary>
internal sealed class GameLoopWorld : IWorld
{
    private long _frame;
    private long _x;

    public IReadOnlyList<long> Update(IReadOnlyList<long> moves)
    {
        _frame++;
        _x += moves[0];
        return Enemies();
    }

    public IReadOnlyList<long> Enemies() => [_x];

    public long Frame() => _frame;

    public long Width() => 40;
}
