namespace FluentAI.Plugins.Compiler.Tests;

/// <summary>The compile-cache key: what changes it, so an image built by another compiler is never reused.</summary>
public sealed class CompileHashTests
{
    private static readonly ParsedModule Module = ParsedModule.Parse("(define (f x) (+ x 1))", "/modules/m.ai");

    [Fact]
    public void TwoCompilerVersionsGiveDifferentHashesForTheSameModule() =>
        Assert.NotEqual(
            ModuleCompiler.ComputeHash(Module, null, null, "fluentai-compiler/1"),
            ModuleCompiler.ComputeHash(Module, null, null, "fluentai-compiler/2"));

    [Fact]
    public void ThePublicHashIsTheHashOfThisCompilersVersion() =>
        Assert.Equal(
            ModuleCompiler.ComputeHash(Module, null, null, ModuleCompiler.Version),
            ModuleCompiler.ComputeHash(Module, null));

    [Fact]
    public void TheSameModuleAndVersionGiveTheSameHash() =>
        Assert.Equal(
            ModuleCompiler.ComputeHash(ParsedModule.Parse("(define (f x) (+ x 1))", "/modules/m.ai"), null),
            ModuleCompiler.ComputeHash(Module, null));
}
