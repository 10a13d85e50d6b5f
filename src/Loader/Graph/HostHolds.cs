using FluentAI.Plugins.Compiler;

namespace FluentAI.Plugins.Loader.Graph;

/// <summary>
/// The slots and typed proxies the host application holds: they import from a module as much as
/// another module does, so a reload that removes such a name, or changes the arity the holder calls
/// it with, is rejected. A slot is held until the host releases it; a proxy until it is released
/// or collected.
/// </summary>
internal sealed class HostHolds
{
    private readonly List<Hold> _holds = [];

    /// <summary>One name a holder uses: <paramref name="Arguments"/> is how many arguments it passes (null: any, or a value).</summary>
    public sealed record Use(string LocalName, string Name, int? Arguments, bool WasFunction);

    private sealed record Hold(ModuleNode Node, object? Strong, WeakReference? Weak, string Holder, IReadOnlyList<Use> Uses)
    {
        public object? Target => Strong ?? Weak?.Target;
    }

    /// <summary>The host took <paramref name="slot"/> with <c>GetSlot</c>.</summary>
    public void AddSlot(ModuleNode node, Slot slot, Use use)
    {
        lock (_holds)
        {
            if (!_holds.Any(h => h.Strong == slot))
            {
                _holds.Add(new Hold(node, slot, null, Messages.HolderSlot(use.Name), [use]));
            }
        }
    }

    /// <summary>The host made a typed proxy over <paramref name="node"/>; held while the proxy lives.</summary>
    public void AddProxy(ModuleNode node, object proxy, Type interfaceType, IReadOnlyList<Use> uses)
    {
        lock (_holds)
        {
            _holds.Add(new Hold(node, null, new WeakReference(proxy), Messages.HolderProxy(interfaceType.Name), uses));
        }
    }

    /// <summary>Forgets every hold of <paramref name="slotOrProxy"/>; false when the host held none.</summary>
    public bool Release(object slotOrProxy)
    {
        lock (_holds)
        {
            return _holds.RemoveAll(h => ReferenceEquals(h.Target, slotOrProxy)) > 0;
        }
    }

    /// <summary>
    /// What the host holds of <paramref name="node"/> that <paramref name="manifest"/> (its new version)
    /// no longer provides: one message per broken use, naming the name and its holder.
    /// </summary>
    public List<(string Name, string Message)> Broken(ModuleNode node, ModuleManifest manifest)
    {
        var broken = new List<(string, string)>();
        lock (_holds)
        {
            _holds.RemoveAll(h => h.Target is null);
            foreach (var hold in _holds.Where(h => h.Node == node))
            {
                foreach (var use in hold.Uses)
                {
                    var def = manifest.Definitions.FirstOrDefault(d => d.Name == use.LocalName);
                    if (def is null)
                    {
                        broken.Add((use.LocalName, Messages.HeldNameRemoved(node.FileName, use.Name, hold.Holder)));
                    }
                    else if (use.WasFunction && !def.IsFunction)
                    {
                        broken.Add((use.LocalName, Messages.HeldNameNotFunction(node.FileName, use.Name, hold.Holder)));
                    }
                    else if (use.Arguments is { } given && def.IsFunction && (def.IsVariadic ? given < def.Arity : given != def.Arity))
                    {
                        broken.Add((use.LocalName, Messages.HeldArityChanged(node.FileName, use.Name, hold.Holder, given, def.Arity, def.IsVariadic)));
                    }
                }
            }
        }

        return broken;
    }
}
