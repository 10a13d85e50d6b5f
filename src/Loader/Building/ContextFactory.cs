using System.Reflection;
using System.Runtime.Loader;
using FluentAI.Plugins.Hosting;
using McMaster.NETCore.Plugins.Loader;

namespace FluentAI.Plugins.Loader.Building;

/// <summary>
/// Loads a compiled module into its own collectible context built with McMaster's
/// <see cref="AssemblyLoadContextBuilder"/>: every assembly the module references (the core library,
/// FluentAI Abstractions and Runtime) resolves to the default context, so values and slots are
/// shared; the module's image is read into memory, so no file stays open or locked.
/// </summary>
internal static class ContextFactory
{
    public static (AssemblyLoadContext Context, Assembly Assembly, Func<IModuleEnvironment, object?> Run) Load(CachedImage image)
    {
        // Generated code references only assemblies of the default context: preferring it for all of them
        // needs no dependency walk, so a context costs what the runtime charges for one (a fraction of a millisecond).
        var context = new AssemblyLoadContextBuilder()
            .SetMainAssemblyPath(image.DllPath)
            .PreferDefaultLoadContext(true)
            .PreloadAssembliesIntoMemory()
            .EnableUnloading()
            .Build();
        try
        {
            using var stream = new MemoryStream(File.ReadAllBytes(image.DllPath), writable: false);
            var assembly = context.LoadFromStream(stream);
            var type = assembly.GetType("FluentAI.Generated.Module", throwOnError: true)!;
            var run = type.GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!.CreateDelegate<Func<IModuleEnvironment, object?>>();
            return (context, assembly, run);
        }
        catch
        {
            context.Unload();
            throw;
        }
    }
}
