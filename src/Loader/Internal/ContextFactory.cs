using System.Reflection;
using FluentAI.Plugins.Hosting;
using McMaster.NETCore.Plugins;

namespace FluentAI.Plugins.Loader.Internal;

/// <summary>
/// Loads a compiled module into its own collectible context through McMaster's loader, with the
/// FluentAI Abstractions and Runtime shared from the default context and the image read into
/// memory, so no file stays open or locked.
/// </summary>
internal static class ContextFactory
{
    private static readonly Type[] SharedTypes = [typeof(Slot), typeof(Runtime.Rt)];

    public static (PluginLoader Loader, Assembly Assembly, Func<IModuleEnvironment, object?> Run) Load(CachedImage image)
    {
        var config = new PluginConfig(image.DllPath)
        {
            IsUnloadable = true,
            LoadInMemory = true,
            PreferSharedTypes = true,
        };
        foreach (var t in SharedTypes)
        {
            config.SharedAssemblies.Add(t.Assembly.GetName());
        }

        var loader = new PluginLoader(config);
        try
        {
            var assembly = loader.LoadDefaultAssembly();
            var type = assembly.GetType("FluentAI.Generated.Module", throwOnError: true)!;
            var run = type.GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!.CreateDelegate<Func<IModuleEnvironment, object?>>();
            return (loader, assembly, run);
        }
        catch
        {
            loader.Dispose();
            throw;
        }
    }
}
