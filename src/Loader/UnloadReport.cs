namespace FluentAI.Plugins.Loader;

/// <summary>Whether a replaced module context was collected.</summary>
/// <param name="Module">The module file.</param>
/// <param name="Version">The generation's version.</param>
/// <param name="Unloaded">True when the context was collected.</param>
/// <param name="GcPasses">How many collections it took (or were tried).</param>
/// <param name="Holder">When it stayed alive, what is likely keeping it.</param>
public sealed record UnloadReport(string Module, long Version, bool Unloaded, int GcPasses, string? Holder);
