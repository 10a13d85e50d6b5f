using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Runtime;

/// <summary>
/// FluentAI's algebraic-effect operations: <c>(effect type:op args...)</c> and
/// <c>(handler ((key fn) ...) body...)</c>. The compiler lowers both forms to calls of
/// <see cref="Perform"/> and <see cref="Handle"/>.
/// </summary>
/// <remarks>
/// <para>
/// Handlers are installed on a stack held in an <see cref="AsyncLocal{T}"/>: they cover the
/// dynamic extent of the handler's body, including tasks started inside it with <c>async</c> or
/// <c>spawn</c> (the stack flows with the execution context).
/// </para>
/// <para>
/// Lookup: from the innermost handler outwards, the first handler with a <c>type:op</c> key for
/// the operation, or else a <c>type</c> key for its whole type, runs. It runs with the handlers
/// outside its own installed, so a handler may perform the same effect to delegate outwards. Its
/// result is the value of the <c>effect</c> expression, and the handled body goes on (one-shot,
/// tail-resumptive handlers). This holds for <c>error:raise</c> too: a handled raise does not
/// unwind; only the default <c>error</c> handler throws.
/// </para>
/// <para>
/// Calling convention, FluentAI's VM's: a handler for one operation (<c>io:print</c>) receives the
/// operation's arguments; a handler for a whole type (<c>io</c>) receives the operation's name (a
/// string) first, then the arguments: <c>(io (lambda (op &amp; args) ...))</c> sees <c>"print"</c>
/// for <c>(effect io:print "x")</c>. When a handler declares more parameters than it is given, the
/// missing ones are nil. A type handler taking fewer gets the first ones; an operation handler
/// given more arguments than it takes is an arity error.
/// </para>
/// <para>
/// With no handler, the default for the type runs (<see cref="DefaultHandlers"/>): io, state,
/// error, time and random have defaults; anything else is an
/// <see cref="ErrorCodes.UnhandledEffect"/> error.
/// </para>
/// </remarks>
public static class Effects
{
    private static readonly AsyncLocal<HandlerFrame?> Stack = new();

    /// <summary>
    /// <c>(handler ((key fn) ...) body...)</c>: runs <paramref name="body"/> (a function of no
    /// arguments) with the handlers installed. <paramref name="handlers"/> is a map from
    /// <c>"type"</c> or <c>"type:op"</c> (strings, keywords or symbols) to functions.
    /// </summary>
    public static object? Handle(object? handlers, object? body)
    {
        if (body is not Fn thunk)
        {
            throw Errors.WrongType("handler", "a body function of no arguments", body);
        }

        var saved = Stack.Value;
        Stack.Value = HandlerFrame.Create(handlers, saved);
        try
        {
            return thunk.Invoke();
        }
        finally
        {
            Stack.Value = saved;
        }
    }

    /// <summary>
    /// <c>(effect type:op args...)</c>: performs the operation <paramref name="op"/> of effect
    /// <paramref name="type"/> with the arguments in the list <paramref name="args"/>.
    /// </summary>
    public static object? Perform(object? type, object? op, object? args)
    {
        var t = Name("effect", type).ToLowerInvariant();
        var o = Name("effect", op);
        var list = args as FList ?? (args is null ? FList.Empty : throw Errors.WrongType("effect", "a list of arguments", args));
        var current = Stack.Value;
        for (var frame = current; frame is not null; frame = frame.Parent)
        {
            if (frame.Find(t, o) is ({ } handler, var forType))
            {
                Stack.Value = frame.Parent;
                try
                {
                    return forType ? CallTypeHandler(handler, o, list) : CallHandler(handler, list.ToArray());
                }
                finally
                {
                    Stack.Value = current;
                }
            }
        }

        return DefaultHandlers.Run(t, o, list.ToArray());
    }

    /// <summary>True when a handler for <c>type:op</c> (or for the whole type) is installed here.</summary>
    public static bool IsHandled(string type, string op)
    {
        for (var frame = Stack.Value; frame is not null; frame = frame.Parent)
        {
            if (frame.Find(type, op).Handler is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A handler for a whole type gets the operation's name first, then its arguments, as in
    /// FluentAI's VM; a handler taking fewer parameters gets the first ones (so <c>(error (lambda
    /// (e) ...))</c> handles <c>(effect error:raise "x")</c>, with <c>e</c> the operation's name).
    /// </summary>
    private static object? CallTypeHandler(Fn handler, string op, FList args)
    {
        var all = new object?[args.Count + 1];
        all[0] = op;
        var i = 1;
        foreach (var arg in args)
        {
            all[i++] = arg;
        }

        if (!handler.IsVariadic && all.Length > handler.Arity)
        {
            Array.Resize(ref all, handler.Arity);
        }

        return CallHandler(handler, all);
    }

    private static object? CallHandler(Fn handler, object?[] args)
    {
        if (args.Length < handler.Arity)
        {
            // FluentAI's VM leaves missing handler parameters nil.
            Array.Resize(ref args, handler.Arity);
        }

        return handler.Apply(args);
    }

    private static string Name(string function, object? value) => value switch
    {
        string s => s,
        Keyword k => k.Name,
        Symbol s => s.Name,
        _ => throw Errors.WrongType(function, "an effect name", value),
    };

    /// <summary>One <c>handler</c> form's table, linked to the handlers outside it.</summary>
    private sealed class HandlerFrame
    {
        private readonly Dictionary<string, Fn> _byType = new(StringComparer.Ordinal);
        private readonly Dictionary<(string, string), Fn> _byOp = [];

        private HandlerFrame(HandlerFrame? parent) => Parent = parent;

        public HandlerFrame? Parent { get; }

        public static HandlerFrame Create(object? handlers, HandlerFrame? parent)
        {
            var frame = new HandlerFrame(parent);
            IEnumerable<KeyValuePair<object?, object?>> entries = handlers switch
            {
                FMap map => map,
                null => [],
                FList list => list.Select(e => e is FList { Count: 2 } pair
                    ? new KeyValuePair<object?, object?>(pair.Head, pair.Tail.Head)
                    : throw Errors.WrongType("handler", "a (key function) pair", e)),
                _ => throw Errors.WrongType("handler", "a map of handlers", handlers),
            };
            foreach (var (key, value) in entries)
            {
                var name = Name("handler", key);
                if (value is not Fn fn)
                {
                    throw Errors.WrongType("handler", $"a function for {name}", value);
                }

                var colon = name.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0)
                {
                    frame._byType[name.ToLowerInvariant()] = fn;
                }
                else
                {
                    frame._byOp[(name[..colon].ToLowerInvariant(), name[(colon + 1)..])] = fn;
                }
            }

            return frame;
        }

        /// <summary>The handler for <c>type:op</c>, or else for the whole type (<c>ForType</c> true).</summary>
        public (Fn? Handler, bool ForType) Find(string type, string op) =>
            _byOp.TryGetValue((type, op), out var fn) ? (fn, false) : (_byType.GetValueOrDefault(type), true);
    }
}
