namespace GameLoop;

/// <summary>What the loop needs from <c>game/enemy-ai.ai</c>: <c>EnemyAi</c> calls <c>(enemy-ai positions frame)</c>.</summary>
public interface IEnemyAi
{
    /// <summary>One move per enemy (tenths of a cell) for this frame.</summary>
    IReadOnlyList<long> EnemyAi(IReadOnlyList<long> positions, long frame);
}
