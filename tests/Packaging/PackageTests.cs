using System.IO.Compression;
using System.Security;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace FluentAI.Plugins.Packaging.Tests;

/// <summary>
/// The packages as a user gets them: their metadata and files, the tool installed from the feed
/// and run, and a new console host that references the Loader package and nothing else of the repository.
/// </summary>
public sealed partial class PackageTests(PackedFeed feed, ITestOutputHelper output) : IClassFixture<PackedFeed>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    private static readonly string[] AllIds = [.. PackedFeed.LibraryIds, PackedFeed.ToolId];

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex CommitHash();

    [Fact]
    public void EveryPackageCarriesTheSharedMetadataAReadmeTheLicenseAndSymbols()
    {
        output.WriteLine($"packed {feed.Version} in {feed.PackTime.TotalSeconds:0.0} s");
        var packed = Directory.GetFiles(feed.Feed).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        var expected = AllIds.SelectMany(id => new[] { $"{id}.{feed.Version}.nupkg", $"{id}.{feed.Version}.snupkg" }).Order(StringComparer.Ordinal);
        Assert.Equal(expected, packed);

        foreach (var id in AllIds)
        {
            using var package = ZipFile.OpenRead(feed.PackagePath(id));
            var metadata = Nuspec(package).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            string? Field(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

            Assert.Equal(id, Field("id"));
            Assert.Equal(feed.Version, Field("version"));
            Assert.Equal("FluentAI.Plugins contributors", Field("authors"));
            Assert.Equal("MIT", Field("license"));
            Assert.Equal("expression", metadata.Elements().Single(e => e.Name.LocalName == "license").Attribute("type")?.Value);
            Assert.False(string.IsNullOrWhiteSpace(Field("description")), id + " has no description");
            Assert.Contains("fluentai", (Field("tags") ?? "").Split(' '));
            Assert.Equal("README.md", Field("readme"));
            Assert.Contains("# " + id, Entry(package, "README.md"), StringComparison.Ordinal);
            Assert.Contains("MIT License", Entry(package, "LICENSE"), StringComparison.Ordinal);

            var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
            Assert.Equal("git", repository.Attribute("type")?.Value);
            Assert.Null(repository.Attribute("url"));
            if (Directory.Exists(Path.Combine(feed.RepoRoot, ".git")) || File.Exists(Path.Combine(feed.RepoRoot, ".git")))
            {
                Assert.Matches(CommitHash(), repository.Attribute("commit")?.Value ?? "");
            }

            using var symbols = ZipFile.OpenRead(feed.PackagePath(id, ".snupkg"));
            Assert.Contains(symbols.Entries, e => e.FullName.EndsWith(".pdb", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void TheLibraryPackagesHoldTheirAssemblyWithDocsAndDependOnEachOtherAtTheSameVersion()
    {
        foreach (var id in PackedFeed.LibraryIds)
        {
            using var package = ZipFile.OpenRead(feed.PackagePath(id));
            var files = package.Entries.Select(e => e.FullName).Where(f => f.StartsWith("lib/", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
            Assert.Equal([$"lib/net10.0/{id}.dll", $"lib/net10.0/{id}.xml"], files);
        }

        Assert.Equal(
            [("FluentAI.Plugins.Abstractions", feed.Version), ("FluentAI.Plugins.Compiler", feed.Version), ("FluentAI.Plugins.Runtime", feed.Version)],
            OwnDependencies("FluentAI.Plugins.Loader"));

        // The ASP.NET Core integration brings the Loader and asks for the shared framework, nothing more.
        Assert.Equal([("FluentAI.Plugins.Loader", feed.Version)], OwnDependencies("FluentAI.Plugins.AspNetCore"));
        using var aspNetCore = ZipFile.OpenRead(feed.PackagePath("FluentAI.Plugins.AspNetCore"));
        Assert.Contains(
            Nuspec(aspNetCore).Descendants().Where(e => e.Name.LocalName == "frameworkReference"),
            e => e.Attribute("name")?.Value == "Microsoft.AspNetCore.App");

        // The Orleans integration brings the Loader and the Orleans SDK and runtime.
        Assert.Equal([("FluentAI.Plugins.Loader", feed.Version)], OwnDependencies("FluentAI.Plugins.Orleans"));
        using var orleans = ZipFile.OpenRead(feed.PackagePath("FluentAI.Plugins.Orleans"));
        var orleansDependencies = Nuspec(orleans).Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => e.Attribute("id")!.Value).ToList();
        Assert.Contains("Microsoft.Orleans.Sdk", orleansDependencies);
        Assert.Contains("Microsoft.Orleans.Runtime", orleansDependencies);
    }

    private List<(string Id, string Version)> OwnDependencies(string id)
    {
        using var package = ZipFile.OpenRead(feed.PackagePath(id));
        return [.. Nuspec(package).Descendants().Where(e => e.Name.LocalName == "dependency")
            .Where(e => e.Attribute("id")!.Value.StartsWith("FluentAI.", StringComparison.Ordinal))
            .Select(e => (e.Attribute("id")!.Value, e.Attribute("version")!.Value))];
    }

    [Fact]
    public async Task TheToolInstalledFromTheFeedEvaluatesAnExpressionAndRunsAFile()
    {
        var tools = Path.Combine(feed.Root, "tools");
        var work = Path.Combine(feed.Root, "tool-work");
        Directory.CreateDirectory(work);
        (await ChildProcess.DotnetAsync(work, PackedFeed.BuildTimeout, "tool", "install", "--tool-path", tools, "--add-source", feed.Feed, "--version", feed.Version, PackedFeed.ToolId)).EnsureSuccess();

        var fluentai = Path.Combine(tools, OperatingSystem.IsWindows() ? "fluentai.exe" : "fluentai");
        var cache = new Dictionary<string, string> { ["FLUENTAI_CACHE"] = Path.Combine(feed.Root, "cache") };

        var eval = await ChildProcess.RunAsync(fluentai, ["eval", "-e", "(+ 1 2)"], work, RunTimeout, cache);
        Assert.True(eval is { ExitCode: 0, Out: "3\n", Err: "" }, eval.Describe());

        await File.WriteAllTextAsync(Path.Combine(work, "greeter.ai"), GreeterModule);
        await File.WriteAllTextAsync(Path.Combine(work, "main.ai"), "(import \"greeter\" (greet))\n(println \"top\")\n(defn main () (println (greet \"tool\")))\n");
        var run = await ChildProcess.RunAsync(fluentai, ["run", "main.ai"], work, RunTimeout, cache);
        Assert.True(run is { ExitCode: 0, Out: "top\nHello, tool!\n", Err: "" }, run.Describe());

        var broken = await ChildProcess.RunAsync(fluentai, ["eval", "-e", "(+ 1 undefined-name)"], work, RunTimeout, cache);
        Assert.True(broken.ExitCode == 1 && broken.Err.Contains("error FAI", StringComparison.Ordinal), broken.Describe());
    }

    [Fact]
    public async Task ANewConsoleHostReferencingTheLoaderPackageLoadsAModuleAndCallsItsSlot()
    {
        var host = Path.Combine(feed.Root, "host");
        var modules = Path.Combine(host, "modules");
        Directory.CreateDirectory(modules);

        // Empty MSBuild and central-package files stop the lookup here, whatever the temp folder is in.
        foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            await File.WriteAllTextAsync(Path.Combine(host, name), "<Project />\n");
        }

        // The feed is added to the sources of the user's configuration (the normal registry), not in place of them.
        await File.WriteAllTextAsync(Path.Combine(host, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="fluentai-packaging-test" value="{SecurityElement.Escape(feed.Feed)}" />
              </packageSources>
            </configuration>

            """);
        await File.WriteAllTextAsync(Path.Combine(host, "Host.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="FluentAI.Plugins.Loader" Version="{feed.Version}" />
              </ItemGroup>
            </Project>

            """);
        await File.WriteAllTextAsync(Path.Combine(host, "Program.cs"), """
            using FluentAI.Plugins.Loader;

            using var host = PluginHost.Create(args[0]);
            host.Load("greeter.ai");
            Console.WriteLine(host.GetSlot("greeter.ai", "greet").Invoke("world"));

            """);
        await File.WriteAllTextAsync(Path.Combine(modules, "greeter.ai"), GreeterModule);

        var bin = Path.Combine(host, "out");
        var build = await ChildProcess.DotnetAsync(host, PackedFeed.BuildTimeout, "build", "-c", "Release", "-o", bin, "-nodeReuse:false");
        var assets = Path.Combine(host, "obj", "project.assets.json");
        if (File.Exists(assets))
        {
            feed.RestoredFrom(assets);
        }

        build.EnsureSuccess();
        var cache = new Dictionary<string, string> { ["FLUENTAI_CACHE"] = Path.Combine(feed.Root, "cache") };
        var run = await ChildProcess.RunAsync(ChildProcess.Dotnet, [Path.Combine(bin, "Host.dll"), modules], host, RunTimeout, cache);
        Assert.True(run is { ExitCode: 0, Out: "Hello, world!\n" }, run.Describe());
    }

    private const string GreeterModule = "(module greeter (export greet))\n\n(define (greet name)\n  (str \"Hello, \" name \"!\"))\n";

    private static XDocument Nuspec(ZipArchive package) =>
        XDocument.Parse(Entry(package, package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/', StringComparison.Ordinal)).FullName));

    private static string Entry(ZipArchive package, string name)
    {
        using var reader = new StreamReader(package.GetEntry(name)?.Open() ?? throw new InvalidOperationException($"no {name} in the package"));
        return reader.ReadToEnd();
    }
}
