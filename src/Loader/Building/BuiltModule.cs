using FluentAI.Plugins.Compiler;
using FluentAI.Plugins.Diagnostics;

namespace FluentAI.Plugins.Loader.Building;

/// <summary>A module ready to instantiate: its cached image, its manifest and the compiler's warnings.</summary>
internal sealed record BuiltModule(CachedImage Image, ModuleManifest Manifest, IReadOnlyList<Diagnostic> Warnings);
