using System.Runtime.CompilerServices;
using FluentAI.Plugins.Loader;

namespace FluentAI.Plugins.Compiler.Tests;

/// <summary>
/// Runs every <c>Cases/NNN-area/name.ai</c> that has an expectation beside it: <c>name.out.txt</c>
/// (the printed value of the last top-level form) or <c>name.diag.txt</c> (the diagnostics, one per
/// line, with paths relative to the case's folder: the errors that stop its load, or the one runtime
/// error of a program that compiles (a deadlock), or, for a module that loads, the warnings
/// <c>fluentai check</c> gives). Programs run watched for deadlocks, as <c>fluentai run</c> runs them.
/// Other <c>.ai</c> files are helpers imported by cases.
/// </summary>
public sealed class GoldenCaseTests
{
    public static TheoryData<string> Cases() => [.. CaseNames()];

    private static List<string> CaseNames()
    {
        var data = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Harness.CasesDirectory, "*.ai", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var stem = Path.ChangeExtension(file, null);
            if (File.Exists(stem + ".out.txt") || File.Exists(stem + ".diag.txt"))
            {
                data.Add(Path.GetRelativePath(Harness.CasesDirectory, file).Replace('\\', '/'));
            }
        }

        return data;
    }

    [Fact]
    public void EveryAreaHasCases()
    {
        var cases = CaseNames();
        foreach (var area in new[] { "001-reader", "002-forms", "003-tail", "004-diagnostics", "005-concurrency", "006-effects", "007-assignment", "008-actors" })
        {
            Assert.Contains(cases, c => c.StartsWith(area + "/", StringComparison.Ordinal));
        }
    }


    [Fact]
    public void EveryReadAndBindCodeHasADiagnosticCase()
    {
        var codes = typeof(ErrorCodes).GetFields()
            .Select(f => (string)f.GetRawConstantValue()!)
            .Where(c => c.StartsWith("FAI0", StringComparison.Ordinal) || c.StartsWith("FAI1", StringComparison.Ordinal))
            .ToList();
        var diagnostics = string.Join('\n', Directory.EnumerateFiles(Harness.CasesDirectory, "*.diag.txt", SearchOption.AllDirectories).Select(File.ReadAllText));
        Assert.All(codes, code => Assert.True(
            diagnostics.Contains($": error {code}: ", StringComparison.Ordinal) || diagnostics.Contains($": warning {code}: ", StringComparison.Ordinal),
            $"no .diag.txt case reports {code}"));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CaseGivesItsExpectedOutput(string name) => Check(name);

    /// <summary>
    /// On a mismatch the actual text is written beside the case in the source tree as
    /// <c>name.received.txt</c> (git-ignored), to review and rename over the expectation when right.
    /// </summary>
    private static void Check(string name, [CallerFilePath] string thisFile = "")
    {
        var file = Path.Combine(Harness.CasesDirectory, name);
        var stem = Path.ChangeExtension(file, null);
        var folder = Path.GetDirectoryName(file)!;
        string actual;
        string expected;
        if (File.Exists(stem + ".diag.txt"))
        {
            expected = Normalize(File.ReadAllText(stem + ".diag.txt"));
            using var host = Harness.CreateHost(folder);
            try
            {
                using (Runtime.Deadlocks.Watch())
                {
                    host.Load(file);
                }

                // Only warnings: the module loads and runs, and they are what `fluentai check` reports.
                var diagnostics = host.CompileFile(file, emitAssembly: false).Diagnostics;
                Assert.DoesNotContain(diagnostics, d => d.IsError);
                actual = string.Join('\n', diagnostics.Select(d => Relative(d.ToString(), folder)));
            }
            catch (ModuleLoadException error)
            {
                // A program that compiles but fails as it runs (a deadlock) is the one line of its error.
                actual = error.Diagnostics.Count == 0 && error.Error is { } runtime
                    ? Relative(runtime.Render(), folder)
                    : string.Join('\n', error.Diagnostics.Select(d => Relative(d.ToString(), folder)));
            }
        }
        else
        {
            expected = Normalize(File.ReadAllText(stem + ".out.txt"));
            actual = Harness.RunFile(file);
        }

        var received = Path.Combine(Path.GetDirectoryName(thisFile)!, "Cases", Path.ChangeExtension(name, null) + ".received.txt");
        if (expected != actual)
        {
            File.WriteAllText(received, actual + "\n");
        }
        else if (File.Exists(received))
        {
            File.Delete(received);
        }

        Assert.Equal(expected, actual);
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimEnd('\n');

    private static string Relative(string rendered, string folder)
    {
        var prefix = folder.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return rendered.Replace(prefix, "", StringComparison.Ordinal);
    }
}
