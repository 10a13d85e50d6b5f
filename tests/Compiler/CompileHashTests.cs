namespace FluentAI.Plugins.Compiler.Tests;

/// <summary>The compile-cache key: what changes it, so an image built by another compiler is never reused.</summary>
public sealed class CompileHashTests
{
    private static readonly ParsedModule Module = ParsedModule.Parse("(define (f x) (+ x 1))", "/modules/m.ai");

    private static readonly ModuleCompiler Compiler = new(new BuiltinCatalog(typeof(Runtime.Rt).Assembly));

    [Fact]
    public void TwoCompilerVersionsGiveDifferentHashesForTheSameModule() =>
        Assert.NotEqual(
            ModuleCompiler.ComputeHash(Module, null, null, "fluentai-compiler/1"),
            ModuleCompiler.ComputeHash(Module, null, null, "fluentai-compiler/2"));

    [Fact]
    public void ThePublicHashIsTheHashOfThisCompilersVersionAndTheAssembliesItBindsTo()
    {
        Assert.StartsWith(ModuleCompiler.Version + "\n", Compiler.CacheKey, StringComparison.Ordinal);
        Assert.Equal(ModuleCompiler.ComputeHash(Module, null, null, Compiler.CacheKey), Compiler.ComputeHash(Module, null));
    }

    [Fact]
    public void ACompilerBindingToOtherAssembliesGivesAnotherHash()
    {
        // An image compiled against one build of the library must not be loaded against another (it would not bind).
        var other = new ModuleCompiler(new BuiltinCatalog(typeof(CompileHashTests).Assembly));
        Assert.Contains(typeof(Runtime.Rt).Assembly.ManifestModule.ModuleVersionId.ToString(), Compiler.CacheKey, StringComparison.Ordinal);
        Assert.NotEqual(Compiler.ComputeHash(Module, null), other.ComputeHash(Module, null));
    }

    [Fact]
    public void TheCompilersOwnBuildIsPartOfTheKey() =>
        // A compiler change that forgets to bump Version must still not reuse older images.
        Assert.Contains(typeof(ModuleCompiler).Assembly.ManifestModule.ModuleVersionId.ToString(), Compiler.CacheKey, StringComparison.Ordinal);

    [Fact]
    public void TheSameModuleAndVersionGiveTheSameHash() =>
        Assert.Equal(
            Compiler.ComputeHash(ParsedModule.Parse("(define (f x) (+ x 1))", "/modules/m.ai"), null),
            Compiler.ComputeHash(Module, null));
}
