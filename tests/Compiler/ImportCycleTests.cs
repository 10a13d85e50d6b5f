using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Compiler.Tests;

/// <summary>Modules that import each other (Cases/002-forms/cycle: a ↔ b, main → a).</summary>
public sealed class ImportCycleTests
{
    private static string CycleFile(string name) => Path.Combine(Harness.CasesDirectory, "002-forms", "cycle", name);

    [Fact]
    public void CallsAcrossAnImportCycleWorkOnceLoaded()
    {
        using var host = Harness.CreateHost(Path.GetDirectoryName(CycleFile("main.ai"))!);
        host.Load(CycleFile("main.ai"));
        Assert.Equal(":done", Printer.Print(host.Call(CycleFile("main.ai"), "run")));
    }
}
