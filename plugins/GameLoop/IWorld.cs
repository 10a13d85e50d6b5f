namespace GameLoop;

/// <summary>What the loop needs from <c>game/world.ai</c> (a typed proxy: <c>Update</c> calls <c>(update moves)</c>).</summary>
public interface IWorld
{
    /// <summary>Advances the world cell one frame with one move per enemy; returns the new positions (tenths of a cell).</summary>
    IReadOnlyList<long> Update(IReadOnlyList<long> moves);

    /// <summary>The enemies' positions now.</summary>
    IReadOnlyList<long> Enemies();

    /// <summary>How many frames the world cell has counted (it survives reloads).</summary>
    long Frame();

    /// <summary>The track's width in cells.</summary>
    long Width();
}
