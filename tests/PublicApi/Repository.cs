namespace FluentAI.Plugins.PublicApi.Tests;

/// <summary>The checkout these tests were built from.</summary>
internal static class Repository
{
    /// <summary>The folder holding <c>FluentAI.Plugins.sln</c>, found by walking up from the test's base directory.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "FluentAI.Plugins.sln")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException($"no FluentAI.Plugins.sln above {AppContext.BaseDirectory}");
    }
}
