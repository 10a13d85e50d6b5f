using System.Reflection;

namespace GameLoop;

/// <summary>Where the game's modules are by default: the source tree's <c>game/</c> folder, so editing the source reloads the running game.</summary>
public static class ModuleFolder
{
    /// <summary>
    /// The project's <c>game/</c> folder (its path is stamped into the assembly by GameLoop.csproj), or the copy
    /// beside the program when the source tree is not there (the program was copied elsewhere).
    /// </summary>
    public static string Default()
    {
        var source = typeof(ModuleFolder).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "GameModules")?.Value;
        return source is not null && File.Exists(Path.Combine(source, "world.ai"))
            ? source
            : Path.Combine(AppContext.BaseDirectory, "game");
    }
}
