using Mono.Cecil;

namespace FluentAI.Plugins.Loader.Building;

/// <summary>Reads a compiled module's export surface with Mono.Cecil, without loading the image into any context.</summary>
internal static class SurfaceReader
{
    public static HashSet<string> Read(string dllPath)
    {
        using var module = ModuleDefinition.ReadModule(dllPath, new ReaderParameters { ReadSymbols = false, InMemory = true });
        var type = module.GetType("FluentAI.Generated.Module");
        var surface = type?.Fields.FirstOrDefault(f => f.Name == "Surface" && f.HasConstant)?.Constant as string ?? "";
        return [.. surface.Split(';', StringSplitOptions.RemoveEmptyEntries)];
    }
}
