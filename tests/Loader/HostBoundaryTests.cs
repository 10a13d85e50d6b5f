namespace FluentAI.Plugins.Loader.Tests;

/// <summary>What crosses into a module from C#: host numbers become FluentAI values, and an error raised inside names its .ai location, on every path in.</summary>
public sealed class HostBoundaryTests
{
    public static TheoryData<object> HostIntegers() => [30, (short)30, (byte)30, (sbyte)30, (ushort)30, 30u, 30L];

    [Theory]
    [MemberData(nameof(HostIntegers))]
    public void ASlotTakesAnyCSharpIntegerAsAFluentAIInteger(object thirty)
    {
        using var folder = new ModuleFolder();
        folder.Write("m.ai", "(define (small? n) (< n 100))\n(define (id x) x)\n(define (twice n) (* n 2))");
        var small = folder.Host.GetSlot("m.ai", "small?");
        var id = folder.Host.GetSlot("m.ai", "id");

        Assert.Equal(true, small.Invoke(thirty));
        Assert.IsType<long>(id.Invoke(thirty));
        Assert.Equal(60L, folder.Host.Call("m.ai", "twice", thirty));
    }

    [Fact]
    public void FloatsAndDecimalsBecomeDoublesAndEveryArityConverts()
    {
        using var folder = new ModuleFolder();
        folder.Write("m.ai", "(define (add4 a b c d) (+ a b c d))\n(define (add5 a b c d e) (+ a b c d e))\n(define (id x) x)");

        Assert.Equal(2.5, folder.Host.GetSlot("m.ai", "id").Invoke(2.5f));
        Assert.Equal(1.25, folder.Host.GetSlot("m.ai", "id").Invoke(1.25m));
        Assert.Equal(10L, folder.Host.GetSlot("m.ai", "add4").Invoke(1, (short)2, (byte)3, 4));
        Assert.Equal(15L, folder.Host.Call("m.ai", "add5", 1, 2, 3, 4, 5));
    }

    [Fact]
    public void TheCallersArgumentArrayIsNotChanged()
    {
        using var folder = new ModuleFolder();
        folder.Write("m.ai", "(define (add5 a b c d e) (+ a b c d e))");
        object?[] args = [1, 2, 3, 4, 5];

        Assert.Equal(15L, folder.Host.GetSlot("m.ai", "add5").Apply(args));
        Assert.IsType<int>(args[0]);
    }

    [Fact]
    public void AnErrorThroughASlotNamesTheAiFileLineAndColumn()
    {
        using var folder = new ModuleFolder();
        var file = folder.Write("fib.ai", "(define (f x) (car x))");
        var slot = folder.Host.GetSlot("fib.ai", "f");

        var e = Assert.ThrowsAny<FluentAIException>(() => slot.Invoke(5L));

        Assert.Equal($"{file}(1,15): error FAI3005: car expects a list, got 5 (an integer)", e.Render());
    }

    [Fact]
    public void AnOverflowThroughASlotIsAFluentAIErrorWithItsLocation()
    {
        using var folder = new ModuleFolder();
        var file = folder.Write("o.ai", "(define (f a b) (+ a b))");
        var slot = folder.Host.GetSlot("o.ai", "f");

        var e = Assert.ThrowsAny<FluentAIException>(() => slot.Invoke(long.MaxValue, 1L));

        Assert.Equal(ErrorCodes.IntegerOverflow, e.Code);
        Assert.Equal(file, e.Location?.File);
    }

    public interface IFib
    {
        long F(long x);
    }

    [Fact]
    public void EveryPathIntoAModuleReportsTheSameLocation()
    {
        using var folder = new ModuleFolder();
        var file = folder.Write("fib.ai", "(define (f x) (car x))");
        var expected = $"{file}(1,15): error FAI3005: car expects a list, got 5 (an integer)";

        Assert.Equal(expected, Assert.ThrowsAny<FluentAIException>(() => folder.Host.GetSlot("fib.ai", "f").Invoke(5L)).Render());
        Assert.Equal(expected, Assert.ThrowsAny<FluentAIException>(() => folder.Host.GetSlot("fib.ai", "f").Apply([5L])).Render());
        Assert.Equal(expected, Assert.ThrowsAny<FluentAIException>(() => folder.Host.Call("fib.ai", "f", 5L)).Render());
        Assert.Equal(expected, Assert.ThrowsAny<FluentAIException>(() => folder.Host.As<IFib>("fib.ai").F(5)).Render());
        var repl = new ReplSession(folder.Host, "fib.ai");
        Assert.Equal(expected, Assert.ThrowsAny<FluentAIException>(() => repl.Evaluate("(f 5)")).Render());
    }
}
