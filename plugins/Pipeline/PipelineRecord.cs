using FluentAI.Plugins.Values;

namespace Pipeline;

/// <summary>A record on the input channel: its id and the FluentAI map the processor sees, <c>{:id :qty :price}</c>.</summary>
internal readonly record struct PipelineRecord(long Id, FMap Value)
{
    private static readonly Keyword IdKey = Keyword.Intern("id");
    private static readonly Keyword QtyKey = Keyword.Intern("qty");
    private static readonly Keyword PriceKey = Keyword.Intern("price");

    public static PipelineRecord Create(long id) =>
        new(id, FMap.Of(IdKey, id, QtyKey, Rules.Qty(id), PriceKey, Rules.Price(id)));
}

/// <summary>
/// A record on the output channel: its id, the sequence number of its take from the input, the worker,
/// the rules version that processed it and the result (null when rejected), or the error it raised.
/// </summary>
internal readonly record struct Processed(long Id, long Seq, int Worker, long Version, long? Value, string? Error = null);
