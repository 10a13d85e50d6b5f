namespace FluentAI.Plugins;

/// <summary>
/// Marks a public static method as a FluentAI standard-library function. The compiler binds
/// calls to it by name and by argument count (overloads of the same name give several arities;
/// a trailing <c>params object?[]</c> takes any further arguments).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class BuiltinAttribute(string name) : Attribute
{
    /// <summary>The FluentAI name, such as <c>string-join</c>.</summary>
    public string Name { get; } = name;
}
