using FluentAI.Plugins.Compiler.Emit;
using FluentAI.Plugins.Runtime;

namespace FluentAI.Plugins.Compiler.Tests;

/// <summary>
/// What generated code compiles against is handed to the compiler (the assemblies its library was
/// read from), never found by name: the Compiler does not know the Runtime.
/// </summary>
public sealed class CompilerReferencesTests
{
    [Fact]
    public void ModulesCompileAgainstTheCoreLibraryTheAbstractionsAndTheCatalogsAssemblies()
    {
        var paths = RoslynBackend.ReferencePaths([typeof(Rt).Assembly]);
        Assert.Contains(typeof(object).Assembly.Location, paths);
        Assert.Contains(typeof(Slot).Assembly.Location, paths);
        Assert.Contains(typeof(Rt).Assembly.Location, paths);
        Assert.Equal(paths.Count, paths.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void WithoutTheRuntimeInTheCatalogTheRuntimeIsNotReferenced()
    {
        var paths = RoslynBackend.ReferencePaths([]);
        Assert.DoesNotContain(typeof(Rt).Assembly.Location, paths);
        Assert.Contains(typeof(Slot).Assembly.Location, paths);
    }

    [Fact]
    public void ACompilerBuiltFromACatalogCompilesModulesAndHostCSharpWithItsOwnEnvironment()
    {
        var compiler = new ModuleCompiler(new BuiltinCatalog(typeof(Rt).Assembly));

        var module = compiler.Compile(ParsedModule.Parse("(define (f a b) (+ a b))\n(f 1 2)", "/modules/m.ai"));
        Assert.Empty(module.Diagnostics);
        Assert.NotNull(module.Image);

        var (image, errors) = compiler.CompileCSharp("fai.test.host", "public static class C { public static object F() => FluentAI.Plugins.Runtime.Ops.Add(1L, 2L); }", []);
        Assert.Empty(errors);
        Assert.NotNull(image);
    }
}
