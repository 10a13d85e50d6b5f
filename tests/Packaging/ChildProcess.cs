using System.Diagnostics;
using System.Text;

namespace FluentAI.Plugins.Packaging.Tests;

/// <summary>What a finished child process printed and returned.</summary>
internal sealed record ChildResult(string CommandLine, int ExitCode, string Out, string Err, TimeSpan Elapsed)
{
    /// <summary>The command, its exit code and everything it printed, for a failure message.</summary>
    public string Describe() =>
        $"{CommandLine}\nexit code {ExitCode} after {Elapsed.TotalSeconds:0.0} s\n--- stdout ---\n{Out}\n--- stderr ---\n{Err}";

    /// <summary>Fails the test, printing the output, unless the process exited 0.</summary>
    public ChildResult EnsureSuccess()
    {
        if (ExitCode != 0)
        {
            Assert.Fail("child process failed:\n" + Describe());
        }

        return this;
    }
}

/// <summary>
/// Runs <c>dotnet</c> and installed tools as child processes with a bounded time, no standard
/// input, and an environment cleaned of what the enclosing <c>dotnet test</c> passes down.
/// </summary>
internal static class ChildProcess
{
    /// <summary>The <c>dotnet</c> executable running these tests, else the one on PATH.</summary>
    public static string Dotnet { get; } = FindDotnet();

    public static async Task<ChildResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The enclosing `dotnet test` exports the SDK's MSBuild location (MSBuildSDKsPath,
        // MSBuildExtensionsPath, ...); a child SDK must resolve its own, for its own folder.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var commandLine = $"(in {workingDirectory}) {fileName} {string.Join(' ', start.ArgumentList.Select(Quote))}";
        var output = new StringBuilder();
        var error = new StringBuilder();
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(error, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            var partial = new ChildResult(commandLine, -1, Text(output), Text(error), clock.Elapsed);
            Assert.Fail($"child process killed after the {timeout.TotalSeconds:0} s limit:\n" + partial.Describe());
        }

        return new ChildResult(commandLine, process.ExitCode, Text(output), Text(error), clock.Elapsed);
    }

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/>.</summary>
    public static Task<ChildResult> DotnetAsync(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        RunAsync(Dotnet, arguments, workingDirectory, timeout);

    private static void Append(StringBuilder to, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (to)
        {
            to.Append(line).Append('\n');
        }
    }

    private static string Text(StringBuilder from)
    {
        lock (from)
        {
            return from.ToString();
        }
    }

    private static string Quote(string argument) => argument.Contains(' ', StringComparison.Ordinal) ? $"\"{argument}\"" : argument;

    private static string FindDotnet()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }
}
