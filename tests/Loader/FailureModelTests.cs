namespace FluentAI.Plugins.Loader.Tests;

/// <summary>One model for failures: every method that loads or changes modules throws ModuleLoadException and changes nothing.</summary>
public sealed class FailureModelTests
{
    [Fact]
    public void ReloadingAFileThatDoesNotExistThrowsModuleLoadException()
    {
        using var folder = new ModuleFolder();
        var e = Assert.Throws<ModuleLoadException>(() => folder.Host.Reload("missing.ai"));
        Assert.Contains("module file not found", e.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.ModuleNotFound, Assert.Single(e.Diagnostics).Code);
    }

    [Fact]
    public void ReloadingALoadedModuleWhoseFileWasDeletedIsRejectedAndTheRunningVersionServes()
    {
        using var folder = new ModuleFolder();
        var file = folder.Write("m.ai", "(define (f) 1)");
        var f = folder.Host.GetSlot("m.ai", "f");
        File.Delete(file);

        var e = Assert.Throws<ModuleLoadException>(() => folder.Host.Reload("m.ai"));

        Assert.Contains("the file was deleted; the running version stays loaded", e.Message, StringComparison.Ordinal);
        Assert.Equal((ErrorCodes.ModuleNotFound, file), (Assert.Single(e.Diagnostics).Code, e.Diagnostics[0].Span.File));
        Assert.Equal(1L, f.Invoke());
    }

    [Fact]
    public void ACompileErrorAndATopLevelErrorThrowTheSameExceptionTypeFromLoadAndReload()
    {
        using var folder = new ModuleFolder();
        var file = folder.Write("m.ai", "(define x (car 5))");
        var load = Assert.Throws<ModuleLoadException>(() => folder.Host.Load("m.ai"));
        Assert.Equal(ErrorCodes.TypeMismatch, load.Error?.Code);
        Assert.StartsWith($"{file}(1,", load.Message, StringComparison.Ordinal);
        Assert.Contains("error FAI3005: car expects a list", load.Message, StringComparison.Ordinal);

        folder.Write("m.ai", "(define x 1)");
        folder.Host.Load("m.ai");
        folder.Write("m.ai", "(define x (car 5))");
        var reload = Assert.Throws<ModuleLoadException>(() => folder.Host.Reload("m.ai"));
        Assert.Equal(load.Message, reload.Message);

        folder.Write("m.ai", "(define x (car 5)");
        var compile = Assert.Throws<ModuleLoadException>(() => folder.Host.Reload("m.ai"));
        Assert.Null(compile.Error);
        Assert.Equal(ErrorCodes.UnclosedList, Assert.Single(compile.Diagnostics).Code);
        Assert.Equal(1L, folder.Host.GetSlot("m.ai", "x").Value);
    }

    [Fact]
    public void ALoadFailureKeepsAndListsItsDiagnosticsInSourceOrder()
    {
        static Diagnostics.Diagnostic At(string file, int line, int column, string code, Diagnostics.DiagnosticSeverity severity = Diagnostics.DiagnosticSeverity.Error) =>
            new(severity, code, "m" + code, Diagnostics.SourceSpan.At(file, line, column));

        // As a reload of two modules could report them: b.ai first, each module's passes in their own order.
        var e = new ModuleLoadException([
            At("b.ai", 3, 1, "FAI1001"),
            At("a.ai", 2, 5, "FAI1004"),
            At("a.ai", 1, 9, "FAI1001"),
            At("a.ai", 2, 5, "FAI1003"),
            At("a.ai", 1, 2, "FAI1017", Diagnostics.DiagnosticSeverity.Warning),
        ]);

        Assert.Equal(["a.ai(1,2) FAI1017", "a.ai(1,9) FAI1001", "a.ai(2,5) FAI1004", "a.ai(2,5) FAI1003", "b.ai(3,1) FAI1001"], e.Diagnostics.Select(d => $"{d.Span} {d.Code}"));
        Assert.Equal(
            string.Join(Environment.NewLine, "a.ai(1,9): error FAI1001: mFAI1001", "a.ai(2,5): error FAI1004: mFAI1004", "a.ai(2,5): error FAI1003: mFAI1003", "b.ai(3,1): error FAI1001: mFAI1001"),
            e.Message);
    }

    [Fact]
    public void RollingBackWithoutAnEarlierVersionIsMisuse()
    {
        using var folder = new ModuleFolder();
        folder.Write("m.ai", "(define x 1)");
        folder.Host.Load("m.ai");
        var e = Assert.Throws<InvalidOperationException>(() => folder.Host.Rollback("m.ai"));
        Assert.Equal("m.ai has no earlier version to roll back to", e.Message);
    }

    [Fact]
    public void AnAuditedRejectionIsOneLineWithTheError()
    {
        using var folder = new ModuleFolder();
        var events = new List<HostEvent>();
        folder.Host.Events += (_, e) => events.Add(e);
        folder.Write("m.ai", "(define x 1)");
        folder.Host.Load("m.ai");
        folder.Write("m.ai", "(define x (car 5))");

        Assert.Throws<ModuleLoadException>(() => folder.Host.Reload("m.ai"));

        var rejected = Assert.Single(events, e => e.Kind == HostEventKind.ReloadRejected);
        Assert.Equal(("reload-rejected", false, 1L), (rejected.Event, rejected.Ok, rejected.FromVersion!.Value));
        Assert.Contains("error FAI3005", rejected.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ABrokenDependencyIsReportedAloneNotAgainThroughItsImporters()
    {
        using var folder = new ModuleFolder();
        var dep = folder.Write("dep.ai", "(define (greet n) (str \"Hello, \" n))");
        folder.Write("main.ai", "(import \"dep\" (greet))\n(define (main) (greet \"you\"))");
        folder.Host.Load("main.ai");

        folder.Write("dep.ai", "(define (greet n) (str \"Hi, \" n)");
        var e = Assert.Throws<ModuleLoadException>(() => folder.Host.Reload("dep.ai"));

        var error = Assert.Single(e.Diagnostics);
        Assert.Equal((ErrorCodes.UnclosedList, dep), (error.Code, error.Span.File));
        Assert.Equal("Hello, you", folder.Host.Call("main.ai", "main"));
    }
}
