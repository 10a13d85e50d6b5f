using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace FluentAI.Plugins.Cli.Tests;

/// <summary>
/// The built <c>fluentai</c> command as a child process (the referenced CLI project's
/// <c>fluentai.dll</c> sits in this test's output folder), with its output collected as it comes
/// and bounded waits on it; disposing kills it if it still runs.
/// </summary>
/// <remarks>
/// The child is started through <c>env --default-signal=INT</c>: a shell without job control (a CI
/// script that runs a command in the background) starts it with SIGINT ignored, that disposition is
/// inherited through every exec, and the .NET runtime rightly leaves an ignored SIGINT ignored. The
/// tests are about what the command does with the signal, so they give it the default disposition
/// an interactive shell would.
/// </remarks>
internal sealed class CliProcess : IDisposable
{
    public const int SigInt = 2;
    public const int SigTerm = 15;

    private readonly Process _process;
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _err = new();
    private readonly Task _reading;

    private CliProcess(ProcessStartInfo info)
    {
        _process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}");
        _reading = Task.WhenAll(Collect(_process.StandardOutput, _out), Collect(_process.StandardError, _err));
    }

    /// <summary>The command's assembly, as built beside these tests.</summary>
    public static string Dll
    {
        get
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "fluentai.dll");
            Assert.True(File.Exists(dll), $"the built command is missing: {dll}");
            return dll;
        }
    }

    /// <summary>The dotnet host that runs the tests (<c>DOTNET_HOST_PATH</c> under <c>dotnet test</c>).</summary>
    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary>The command line that runs <c>fluentai</c> with <paramref name="args"/>, SIGINT at its default (see remarks).</summary>
    public static IReadOnlyList<string> CommandLine(params string[] args) => ["env", "--default-signal=INT", Dotnet, Dll, .. args];

    public int Id => _process.Id;

    public int ExitCode => _process.ExitCode;

    public string Out
    {
        get
        {
            lock (_out)
            {
                return _out.ToString();
            }
        }
    }

    public string Err
    {
        get
        {
            lock (_err)
            {
                return _err.ToString();
            }
        }
    }

    public StreamWriter In => _process.StandardInput;

    /// <summary>Runs <c>fluentai</c> with <paramref name="args"/> in <paramref name="directory"/>, every stream redirected.</summary>
    public static CliProcess Start(string directory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        StartProgram(directory, environment, CommandLine(args));

    /// <summary>Runs <paramref name="commandLine"/> (program first) in <paramref name="directory"/>, every stream redirected.</summary>
    public static CliProcess StartProgram(string directory, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> commandLine)
    {
        var info = new ProcessStartInfo(commandLine[0])
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in commandLine.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return new CliProcess(info);
    }

    /// <summary>Sends <paramref name="signal"/> to the process.</summary>
    public void Signal(int signal) =>
        Assert.True(Kill(_process.Id, signal) == 0, $"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");

    /// <summary>Waits until <paramref name="condition"/> holds on the output (stdout, stderr); fails, saying what it waited for and what came, after <paramref name="seconds"/>.</summary>
    public async Task WaitFor(Func<string, string, bool> condition, string what, int seconds = 30)
    {
        var clock = Stopwatch.StartNew();
        while (!condition(Out, Err))
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                Assert.Fail($"timed out after {seconds} s waiting for {what}; exited: {_process.HasExited}\nstdout:\n{Out}\nstderr:\n{Err}");
            }

            if (_process.HasExited)
            {
                // What it wrote before exiting may still be on its way.
                await _reading.WaitAsync(TimeSpan.FromSeconds(5));
                if (!condition(Out, Err))
                {
                    Assert.Fail($"the process exited ({_process.ExitCode}) before {what}\nstdout:\n{Out}\nstderr:\n{Err}");
                }

                return;
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Waits for the process to exit and its output to be read; fails after <paramref name="seconds"/>.</summary>
    public async Task<int> WaitForExit(int seconds = 10)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the process did not exit within {seconds} s\nstdout:\n{Out}\nstderr:\n{Err}");
        }

        await _reading.WaitAsync(TimeSpan.FromSeconds(5));
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }

        _process.Dispose();
    }

    private static async Task Collect(StreamReader reader, StringBuilder into)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            lock (into)
            {
                into.Append(buffer, 0, read);
            }
        }
    }

    // DllImport rather than LibraryImport: the generated marshalling would need unsafe code enabled for one int call.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
