using System.Runtime.ExceptionServices;

namespace FluentAI.Plugins.Hosting;

/// <summary>
/// Runs code on threads with a large stack (256 MB), so deep recursion in the compiler or in a
/// module's top-level forms ends in an error rather than the process. The threads are kept and
/// reused (one per concurrent caller; an idle one exits after a few seconds), so a reload does not
/// pay for creating a thread per module; the caller's execution context (async-locals such as
/// <see cref="HostServices.Current"/>) flows to the code as it would to a new thread.
/// </summary>
public static class LargeStack
{
    /// <summary>The stack size of the threads.</summary>
    public const int StackSize = 256 * 1024 * 1024;

    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(5);
    private static readonly List<Worker> Idle = [];

    [ThreadStatic]
    private static bool t_onLargeStack;

    /// <summary>True on one of these threads: code run from here runs inline.</summary>
    public static bool OnLargeStack => t_onLargeStack;

    /// <summary>Runs <paramref name="body"/> on a large-stack thread and returns its result or rethrows its exception.</summary>
    public static T Run<T>(Func<T> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (t_onLargeStack)
        {
            return body();
        }

        Worker? worker = null;
        lock (Idle)
        {
            if (Idle.Count > 0)
            {
                worker = Idle[^1];
                Idle.RemoveAt(Idle.Count - 1);
            }
        }

        worker ??= new Worker();
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var context = ExecutionContext.Capture();
        worker.Execute(() =>
        {
            try
            {
                if (context is null)
                {
                    result = body();
                }
                else
                {
                    ExecutionContext.Run(context, _ => result = body(), null);
                }
            }
#pragma warning disable CA1031 // Rethrown on the caller's thread.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        });
        failure?.Throw();
        return result;
    }

#pragma warning disable CA1001 // The worker's own thread disposes its events when it retires.
    private sealed class Worker
#pragma warning restore CA1001
    {
        private readonly SemaphoreSlim _start = new(0);
        private readonly ManualResetEventSlim _done = new();
        private Action? _work;

        public Worker()
        {
            new Thread(Loop, StackSize) { IsBackground = true, Name = "fluentai-large-stack" }.Start();
        }

        public void Execute(Action work)
        {
            _work = work;
            _done.Reset();
            _start.Release();
            _done.Wait();
            lock (Idle)
            {
                Idle.Add(this);
            }
        }

        // Separate and never inlined: no reference to the work (and the module it ran) stays in Loop's frame while the thread waits.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private void RunWork()
        {
            var work = _work!;
            _work = null;
            work();
        }

        private void Loop()
        {
            t_onLargeStack = true;
            while (true)
            {
                if (!_start.Wait(IdleTimeout))
                {
                    lock (Idle)
                    {
                        // Still idle (no caller took it while the wait timed out): retire, freeing its stack.
                        if (Idle.Remove(this))
                        {
                            _start.Dispose();
                            _done.Dispose();
                            return;
                        }
                    }

                    continue;
                }

                RunWork();
                _done.Set();
            }
        }
    }
}
