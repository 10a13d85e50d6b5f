using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;

namespace FluentAI.Plugins.Packaging.Tests;

/// <summary>
/// The six library packages and the tool package, packed once for the test class into a
/// temporary folder feed, under a version no earlier run used (so the global NuGet cache can never
/// serve a stale package of the same version). Packing is Release into an artifacts folder of its
/// own, so it shares no bin/obj file with the Debug build of the solution running the tests.
/// </summary>
public sealed class PackedFeed : IAsyncLifetime
{
    /// <summary>The library packages the repository ships; the tool is <see cref="ToolId"/>.</summary>
    internal static readonly string[] LibraryIds =
        ["FluentAI.Plugins.Abstractions", "FluentAI.Plugins.Compiler", "FluentAI.Plugins.Runtime", "FluentAI.Plugins.Loader", "FluentAI.Plugins.AspNetCore", "FluentAI.Plugins.Orleans"];

    internal const string ToolId = "FluentAI.Plugins.Cli";

    internal static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);

    private readonly List<string> _restoredPackageFolders = [];

    internal string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Everything the tests write, outside the repository.</summary>
    internal string Root { get; } = Path.Combine(Path.GetTempPath(), "fai-packaging-tests", Guid.NewGuid().ToString("N"));

    internal string Feed => Path.Combine(Root, "feed");

    internal string Version { get; private set; } = "";

    /// <summary>How long packing took, for the test output.</summary>
    internal TimeSpan PackTime { get; private set; }

    /// <summary>The version set in Directory.Build.props, with a prerelease tag unique to this run.</summary>
    private string UniqueVersion()
    {
        var props = XDocument.Load(Path.Combine(RepoRoot, "Directory.Build.props"));
        var prefix = props.Descendants("VersionPrefix").Select(e => e.Value.Trim()).FirstOrDefault()
            ?? throw new InvalidOperationException("Directory.Build.props sets no VersionPrefix");
        return $"{prefix}-test.{DateTime.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture)}";
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        Version = UniqueVersion();
        var clock = Stopwatch.StartNew();
        var common = new[]
        {
            "-c", "Release", "--artifacts-path", Path.Combine(Root, "artifacts"), "-o", Feed,
            $"-p:Version={Version}", "-nodeReuse:false",
        };

        // Packing the tool builds (and restores) it and the four libraries under it; the ASP.NET
        // Core and Orleans integrations are built with their packs; the other libraries then pack
        // from those Release outputs without building again.
        (await ChildProcess.DotnetAsync(RepoRoot, BuildTimeout, ["pack", Path.Combine("src", "Cli"), .. common])).EnsureSuccess();
        foreach (var id in LibraryIds)
        {
            var project = Path.Combine("src", id["FluentAI.Plugins.".Length..]);
            string[] build = id is "FluentAI.Plugins.AspNetCore" or "FluentAI.Plugins.Orleans" ? [] : ["--no-build"];
            (await ChildProcess.DotnetAsync(RepoRoot, BuildTimeout, ["pack", project, .. build, .. common])).EnsureSuccess();
        }

        PackTime = clock.Elapsed;
    }

    /// <summary>The path of package <paramref name="id"/> in the feed (<c>.nupkg</c> or <c>.snupkg</c>).</summary>
    internal string PackagePath(string id, string extension = ".nupkg") => Path.Combine(Feed, $"{id}.{Version}{extension}");

    /// <summary>
    /// Remembers the global packages folder a test project restored this run's packages into
    /// (read from its project.assets.json), so that disposing removes them from there too.
    /// </summary>
    internal void RestoredFrom(string assetsFile)
    {
        using var assets = JsonDocument.Parse(File.ReadAllText(assetsFile));
        foreach (var folder in assets.RootElement.GetProperty("packageFolders").EnumerateObject())
        {
            _restoredPackageFolders.Add(folder.Name);
        }
    }

    public Task DisposeAsync()
    {
        // The versions are unique to this run: nothing else can be using these folders.
        foreach (var folder in _restoredPackageFolders.Distinct())
        {
            foreach (var id in LibraryIds.Append(ToolId))
            {
                DeleteDirectory(Path.Combine(folder, id.ToLowerInvariant(), Version.ToLowerInvariant()));
            }
        }

        DeleteDirectory(Root);
        return Task.CompletedTask;
    }

    private static void DeleteDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    private static string FindRepoRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "FluentAI.Plugins.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
        }

        return dir;
    }
}
