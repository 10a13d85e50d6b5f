using System.Reflection;

namespace FluentAI.Plugins.Cli.Tests;

/// <summary><c>--version</c>, <c>--help</c> on every command, and usage errors, as .NET tools behave (SPEC §3 exit codes).</summary>
[Collection("console")]
public sealed class UsageTests
{
    public static readonly TheoryData<string> Commands = ["run", "eval", "repl", "compile", "check"];

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLine.RunAsync(args, TextReader.Null, output, error);
        return (code, output.ToString().ReplaceLineEndings("\n"), error.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task VersionPrintsTheInformationalVersionWithoutBuildMetadataAndExitsZero()
    {
        var informational = typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        var (code, output, err) = await Run("--version");
        Assert.Equal(0, code);
        Assert.Equal("", err);
        Assert.Equal(informational.Split('+')[0] + "\n", output);
        Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?\n$", output);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task OverallHelpGoesToStdoutAndExitsZero(string flag)
    {
        var (code, output, err) = await Run(flag);
        Assert.Equal(0, code);
        Assert.Equal("", err);
        Assert.StartsWith("usage: fluentai <command> [options]\n", output, StringComparison.Ordinal);
        foreach (var command in new[] { "run", "eval", "repl", "compile", "check" })
        {
            Assert.Contains($"\n  {command} ", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task NoArgumentsPrintTheUsageToStderrAndExitTwo()
    {
        var (code, output, err) = await Run();
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("usage: fluentai <command> [options]\n", err, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task LongAndShortHelpOnEveryCommandPrintItsUsageToStdoutAndExitZero(string command)
    {
        var (code, output, err) = await Run(command, "--help");
        Assert.Equal(0, code);
        Assert.Equal("", err);
        Assert.StartsWith($"usage: fluentai {command} ", output, StringComparison.Ordinal);
        Assert.Contains("-h, --help", output, StringComparison.Ordinal);

        Assert.Equal((0, output, ""), await Run(command, "-h"));
        Assert.Equal((0, output, ""), await Run("help", command));
    }

    [Fact]
    public async Task HelpAfterAFileShowsTheHelpWithoutRunningTheFile() =>
        Assert.Equal((0, (await Run("run", "--help")).Out, ""), await Run("run", "no-such-file.ai", "--help"));

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task AnUnknownOptionOnEveryCommandIsAUsageErrorThatNamesIt(string command)
    {
        var (code, output, err) = await Run(command, "x.ai", "--bogus");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal("fluentai: unknown option '--bogus'\nrun 'fluentai --help' for usage\n", err);
    }

    [Theory]
    [InlineData("frobnicate", "unknown command 'frobnicate'")]
    [InlineData("--bogus", "unknown option '--bogus'")]
    [InlineData("help frobnicate", "unknown command 'frobnicate'")]
    public async Task AnUnknownCommandOrTopLevelOptionIsAUsageError(string args, string message)
    {
        var (code, output, err) = await Run(args.Split(' '));
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal($"fluentai: {message}\nrun 'fluentai --help' for usage\n", err);
    }
}
