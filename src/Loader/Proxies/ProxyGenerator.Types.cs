using System.Collections;
using System.Reflection;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader.Proxies;

/// <summary>Which parameter and result types a proxy converts, and how a result's converter is written.</summary>
internal static partial class ProxyGenerator
{
    private const string ConvertClass = "ProxyConvert.";

    // Results with a dedicated ProxyConvert.To… method; every other supported result goes through a converter.
    private static readonly HashSet<Type> ScalarResults = [typeof(string), typeof(long), typeof(int), typeof(double), typeof(bool)];

    private static readonly HashSet<Type> NullableResults = [typeof(long), typeof(int), typeof(double), typeof(bool)];

    // Everything HostValues turns into a FluentAI value (or passes through as one).
    private static readonly HashSet<Type> ScalarParameters =
    [
        typeof(string), typeof(long), typeof(int), typeof(short), typeof(sbyte), typeof(byte), typeof(ushort), typeof(uint), typeof(ulong),
        typeof(double), typeof(float), typeof(decimal), typeof(bool), typeof(char), typeof(object), typeof(Keyword), typeof(Symbol), typeof(StateCell),
    ];

    /// <summary>
    /// Why a proxy cannot implement <paramref name="method"/> (<c>returns DateTime, which …</c>), or null when it can.
    /// Parameters may be any type <see cref="HostValues"/> converts: the scalars, nullable scalars, <c>object</c>,
    /// FluentAI values, and every collection of them (dictionaries with such keys included). Results are listed
    /// on <see cref="ProxyConvert"/>.
    /// </summary>
    internal static string? Problem(MethodInfo method)
    {
        if (method.IsGenericMethodDefinition)
        {
            return "is generic, which a proxy method cannot be";
        }

        var parameters = method.GetParameters();
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            if (p.ParameterType == typeof(CancellationToken))
            {
                if (i != parameters.Length - 1)
                {
                    return Messages.ProxyTokenNotLast(p.Name);
                }

                continue;
            }

            if (!SupportsParameter(p.ParameterType))
            {
                return Messages.ProxyCannotTake(p.Name, DisplayName(p.ParameterType));
            }
        }

        return SupportsResult(method.ReturnType)
            ? null
            : Messages.ProxyCannotReturn(DisplayName(method.ReturnType));
    }

    /// <summary>True when a proxy can convert a FluentAI value to <paramref name="type"/> (or <paramref name="type"/> is void).</summary>
    internal static bool SupportsResult(Type type)
    {
        if (type == typeof(void) || type == typeof(object) || ScalarResults.Contains(type))
        {
            return true;
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return NullableResults.Contains(underlying);
        }

        return (ListElement(type) ?? MapValue(type)) is { } element && SupportsResult(element);
    }

    /// <summary>True when a proxy can pass a <paramref name="type"/> argument as a FluentAI value.</summary>
    internal static bool SupportsParameter(Type type)
    {
        if (type.IsByRef || type.IsPointer || type.IsByRefLike)
        {
            return false;
        }

        if (ScalarParameters.Contains(Nullable.GetUnderlyingType(type) ?? type) || typeof(Fn).IsAssignableFrom(type))
        {
            return true;
        }

        if (!typeof(IEnumerable).IsAssignableFrom(type))
        {
            return false;
        }

        // A generic collection converts when its elements (or keys and values) do; a non-generic one converts
        // element by element as they come, anything unknown becoming a host object as under object.
        var sequences = (type.IsInterface ? type.GetInterfaces().Prepend(type) : type.GetInterfaces())
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            .Select(i => i.GetGenericArguments()[0])
            .ToList();
        var pair = sequences.FirstOrDefault(e => e.IsGenericType && e.GetGenericTypeDefinition() == typeof(KeyValuePair<,>));
        if (pair is not null)
        {
            return pair.GetGenericArguments().All(SupportsParameter);
        }

        return sequences.Count == 0 || SupportsParameter(sequences[0]);
    }

    /// <summary>The element type when <paramref name="type"/> is a list shape a result converts to: T[], IReadOnlyList, IList, IEnumerable.</summary>
    private static Type? ListElement(Type type)
    {
        if (type.IsSZArray)
        {
            return type.GetElementType();
        }

        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(IReadOnlyList<>) || definition == typeof(IList<>) || definition == typeof(IEnumerable<>)
            ? type.GetGenericArguments()[0]
            : null;
    }

    /// <summary>The value type when <paramref name="type"/> is a map shape a result converts to: IReadOnlyDictionary or IDictionary with string keys.</summary>
    private static Type? MapValue(Type type)
    {
        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        var arguments = type.GetGenericArguments();
        return (definition == typeof(IReadOnlyDictionary<,>) || definition == typeof(IDictionary<,>)) && arguments[0] == typeof(string)
            ? arguments[1]
            : null;
    }

    /// <summary>The C# expression building the converter for a supported result type: <c>ProxyConvert.AsReadOnlyList(ProxyConvert.AsString)</c>.</summary>
    private static string ConverterExpression(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return $"{ConvertClass}AsNullable({ConverterExpression(underlying)})";
        }

        if (ListElement(type) is { } element)
        {
            var factory = type.IsArray ? "AsArray" : type.GetGenericTypeDefinition() switch
            {
                var d when d == typeof(IReadOnlyList<>) => "AsReadOnlyList",
                var d when d == typeof(IList<>) => "AsList",
                _ => "AsEnumerable",
            };
            return $"{ConvertClass}{factory}({ConverterExpression(element)})";
        }

        if (MapValue(type) is { } value)
        {
            var factory = type.GetGenericTypeDefinition() == typeof(IDictionary<,>) ? "AsDictionary" : "AsReadOnlyDictionary";
            return $"{ConvertClass}{factory}({ConverterExpression(value)})";
        }

        return type switch
        {
            _ when type == typeof(string) => ConvertClass + "AsString",
            _ when type == typeof(long) => ConvertClass + "AsInt64",
            _ when type == typeof(int) => ConvertClass + "AsInt32",
            _ when type == typeof(double) => ConvertClass + "AsDouble",
            _ when type == typeof(bool) => ConvertClass + "AsBoolean",
            _ when type == typeof(object) => ConvertClass + "AsObject",
            _ => throw new NotSupportedException("unsupported result type " + DisplayName(type)),
        };
    }

    /// <summary>A type as C# writes it, for messages: <c>IReadOnlyList&lt;string&gt;</c>, <c>long?</c>, <c>ref int</c>.</summary>
    internal static string DisplayName(Type type)
    {
        if (type.IsByRef)
        {
            return "ref " + DisplayName(type.GetElementType()!);
        }

        if (type.IsArray)
        {
            return DisplayName(type.GetElementType()!) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return DisplayName(underlying) + "?";
        }

        if (type.IsGenericType)
        {
            var name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
            return name + "<" + string.Join(", ", type.GetGenericArguments().Select(DisplayName)) + ">";
        }

        return type.IsEnum ? type.Name : Type.GetTypeCode(type) switch
        {
            TypeCode.String => "string",
            TypeCode.Int64 => "long",
            TypeCode.Int32 => "int",
            TypeCode.Int16 => "short",
            TypeCode.SByte => "sbyte",
            TypeCode.Byte => "byte",
            TypeCode.UInt16 => "ushort",
            TypeCode.UInt32 => "uint",
            TypeCode.UInt64 => "ulong",
            TypeCode.Double => "double",
            TypeCode.Single => "float",
            TypeCode.Decimal => "decimal",
            TypeCode.Boolean => "bool",
            TypeCode.Char => "char",
            _ when type == typeof(object) => "object",
            _ when type == typeof(void) => "void",
            _ => type.Name,
        };
    }
}
