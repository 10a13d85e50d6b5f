using System.Diagnostics;
using System.Threading.Channels;
using FluentAI.Plugins;
using FluentAI.Plugins.Values;

namespace Pipeline;

/// <summary>
/// producer → bounded input channel → workers calling <c>process-record</c> through its slot → bounded output
/// channel → sink. A full channel makes its writer wait (back-pressure), so memory stays bounded however slow
/// the sink is.
/// </summary>
internal sealed class RecordPipeline
{
    private readonly Channel<PipelineRecord> _input;
    private readonly Channel<Processed> _output;
    private readonly Slot _processor;
    private readonly TaskCompletionSource _producerWaited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _produced;

    public RecordPipeline(Slot processor, long records, int workers, int capacity, Sink sink)
    {
        _processor = processor;
        Records = records;
        Capacity = capacity;
        Sink = sink;
        Ledger = new TakeLedger(workers);
        var options = new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait };
        _input = Channel.CreateBounded<PipelineRecord>(options);
        _output = Channel.CreateBounded<Processed>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    public long Records { get; }

    public int Capacity { get; }

    public Sink Sink { get; }

    public TakeLedger Ledger { get; }

    public long Produced => Interlocked.Read(ref _produced);

    /// <summary>How many writes found the input channel full and waited.</summary>
    public long ProducerWaits { get; private set; }

    /// <summary>The most records the input channel held, read after each write.</summary>
    public int MaxInputCount { get; private set; }

    /// <summary>Completes the first time the producer finds the input channel full.</summary>
    public Task ProducerWaited => _producerWaited.Task;

    public long StartTicks { get; private set; }

    public long EndTicks { get; private set; }

    /// <summary>Runs until every produced record has reached the sink; <paramref name="cancel"/> stops the producer only.</summary>
    public async Task RunAsync(ReloadSchedule schedule, CancellationToken cancel)
    {
        StartTicks = Stopwatch.GetTimestamp();
        var sink = Sink.RunAsync(_output.Reader);
        var workers = Enumerable.Range(0, Ledger.Workers).Select(w => Task.Run(() => WorkAsync(w))).ToArray();
        try
        {
            await ProduceAsync(schedule, cancel).ConfigureAwait(false);
        }
        finally
        {
            _input.Writer.Complete();
            try
            {
                await Task.WhenAll(workers).ConfigureAwait(false);
            }
            finally
            {
                _output.Writer.Complete();
                await sink.ConfigureAwait(false);
                EndTicks = Stopwatch.GetTimestamp();
            }
        }
    }

    private async Task ProduceAsync(ReloadSchedule schedule, CancellationToken cancel)
    {
        var writer = _input.Writer;
        try
        {
            for (var id = 1L; id <= Records && !cancel.IsCancellationRequested; id++)
            {
                await schedule.BeforeProducingAsync(id, cancel).ConfigureAwait(false);
                var record = PipelineRecord.Create(id);
                if (!writer.TryWrite(record))
                {
                    ProducerWaits++;
                    _producerWaited.TrySetResult();
                    await writer.WriteAsync(record, cancel).ConfigureAwait(false);
                }

                Interlocked.Increment(ref _produced);
                MaxInputCount = Math.Max(MaxInputCount, _input.Reader.Count);
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C: what was written is processed; the record being written was never produced.
        }
    }

    private async Task WorkAsync(int worker)
    {
        var reader = _input.Reader;
        var writer = _output.Writer;
        while (true)
        {
            Ledger.BeginTake(worker);
            if (!reader.TryRead(out var record))
            {
                Ledger.Done(worker);
                if (!await reader.WaitToReadAsync().ConfigureAwait(false))
                {
                    return;
                }

                continue;
            }

            var seq = Ledger.Take(worker);
            var processed = Process(record, seq, worker);
            Ledger.Done(worker);
            if (!writer.TryWrite(processed))
            {
                await writer.WriteAsync(processed).ConfigureAwait(false);
            }
        }
    }

    private Processed Process(PipelineRecord record, long seq, int worker)
    {
        object? result;
        try
        {
            result = _processor.Invoke(record.Value);
        }
        catch (FluentAIException e)
        {
            return new Processed(record.Id, seq, worker, 0, null, e.Message);
        }

        return result is FList { Count: 2 } pair && pair[0] is long version && pair[1] is null or long
            ? new Processed(record.Id, seq, worker, version, (long?)pair[1])
            : new Processed(record.Id, seq, worker, 0, null, $"process-record returned {Printer.Print(result)}, not (rules-version value)");
    }
}
