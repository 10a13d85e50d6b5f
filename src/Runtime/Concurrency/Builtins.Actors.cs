using System.Reflection;
using System.Runtime.CompilerServices;

namespace FluentAI.Plugins.Runtime;

// Actors (see Actors and FActor for their semantics); receive is a form (Binder), compiled to calls of Actors.
public static partial class Builtins
{
    /// <summary>
    /// <c>(actor init (lambda (state msg) ...))</c>: starts an actor whose state is init and whose handler
    /// is called with its state and each message sent to it; gives the actor (<c>#&lt;actor:1&gt;</c>).
    /// </summary>
    [Builtin("actor")]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static object? Actor(object? state, object? handler) => Actors.Start(state, handler, Assembly.GetCallingAssembly());

    /// <summary>
    /// <c>(! a msg)</c>: puts msg in actor a's mailbox and gives nil at once, as FluentAI's reference does;
    /// a message to an actor that has stopped is dropped. To a channel, <c>(! ch v)</c> is <c>(send! ch v)</c>,
    /// so a reply can go to whoever asked.
    /// </summary>
    [Builtin("!")]
    public static object? Tell(object? target, object? message)
    {
        switch (target)
        {
            case FActor actor:
                actor.Post(message);
                return null;
            case FChannel channel:
                channel.Send(message, "!");
                return null;
            default:
                throw Errors.WrongType("!", "an actor (or a channel)", target);
        }
    }

    /// <summary>
    /// <c>(become v)</c>: in an actor's handler, makes v the actor's next state, whatever the handler
    /// then returns (the last <c>become</c> wins); gives nil. Elsewhere it is an error.
    /// </summary>
    [Builtin("become")]
    public static object? Become(object? state)
    {
        Actors.Current("become").Become(state);
        return null;
    }
}
