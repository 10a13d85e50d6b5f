using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using FluentAI.Plugins.Loader;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Benchmarks;

/// <summary>
/// The cost of one call of a one-argument function: through a <see cref="Slot"/> (to FluentAI code
/// in a collectible context, and to a C# <see cref="Fn"/>) vs a delegate vs a direct non-inlined
/// static call. Each body makes <see cref="Calls"/> dependent calls, so times are per call.
/// </summary>
[ShortRunJob]
public class SlotCall
{
    /// <summary>Calls per benchmark invocation.</summary>
    public const int Calls = 1000;

    private static readonly object Argument = 42L;
    private static readonly Func<object?, object?> Delegate = Identity;
    private ModuleFolder _folder = null!;
    private PluginHost _host = null!;
    private Slot _fluent = null!;
    private Slot _csharpSlot = null!;
    private Slot _checkedSlot = null!;
    private Fn _fluentTarget = null!;

    /// <summary>Loads <c>(define (id x) x)</c> and makes a slot over a C# function.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _folder = new ModuleFolder("slot");
        _folder.Write("id.ai", Sources.Identity);
        _host = _folder.CreateHost();
        _host.Load("id.ai");
        _fluent = _host.GetSlot("id.ai", "id");
        _fluentTarget = _fluent.Target!;
        var csharp = new SlotWriter("bench", "id");
        csharp.Publish(new IdentityFn(), 1);
        _csharpSlot = csharp.Slot;
        var @checked = new SlotWriter("bench", "id");
        @checked.Publish(new CheckedIdentityFn(), 1);
        _checkedSlot = @checked.Slot;
    }

    /// <summary>Unloads it.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _host.Dispose();
        _folder.Dispose();
    }

    /// <summary>slot.Invoke(x) where the slot holds the FluentAI function (what a host or another module does).</summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    public object? SlotToFluentAI()
    {
        var slot = _fluent;
        var r = Argument;
        for (var i = 0; i < Calls; i++)
        {
            r = slot.Invoke(r);
        }

        return r;
    }

    /// <summary>The FluentAI function value called directly, without the slot.</summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    public object? FnToFluentAI()
    {
        var fn = _fluentTarget;
        var r = Argument;
        for (var i = 0; i < Calls; i++)
        {
            r = fn.Invoke(r);
        }

        return r;
    }

    /// <summary>slot.Invoke(x) where the slot holds a C# Fn calling the same static method as the baseline.</summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    public object? SlotToCSharp()
    {
        var slot = _csharpSlot;
        var r = Argument;
        for (var i = 0; i < Calls; i++)
        {
            r = slot.Invoke(r);
        }

        return r;
    }

    /// <summary>
    /// slot.Invoke(x) where the slot holds a C# Fn whose static method first calls
    /// <c>Rt.EnsureStack()</c>, as every generated FluentAI function does: isolates that check's cost.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    public object? SlotToCSharpWithStackCheck()
    {
        var slot = _checkedSlot;
        var r = Argument;
        for (var i = 0; i < Calls; i++)
        {
            r = slot.Invoke(r);
        }

        return r;
    }

    /// <summary>A <c>Func&lt;object?, object?&gt;</c> in a static field.</summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    public object? DelegateCall()
    {
        var r = Argument;
        for (var i = 0; i < Calls; i++)
        {
            r = Delegate(r);
        }

        return r;
    }

    /// <summary>A direct call of a non-inlined static method.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public object? DirectCall()
    {
        var r = Argument;
        for (var i = 0; i < Calls; i++)
        {
            r = Identity(r);
        }

        return r;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static object? Identity(object? x) => x;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static object? CheckedIdentity(object? x)
    {
        Runtime.Rt.EnsureStack();
        return x;
    }

    private sealed class CheckedIdentityFn : Fn
    {
        public CheckedIdentityFn()
            : base("id", 1)
        {
        }

        public override object? Invoke(object? a) => CheckedIdentity(a);
    }

    private sealed class IdentityFn : Fn
    {
        public IdentityFn()
            : base("id", 1)
        {
        }

        public override object? Invoke(object? a) => Identity(a);
    }
}
