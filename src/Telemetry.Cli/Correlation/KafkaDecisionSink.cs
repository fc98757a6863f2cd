using System.Buffers;
using System.Text;
using System.Text.Json;
using Telemetry.Decide.Incidents;
using Telemetry.Decide.Recovery;
using Telemetry.Files.Incidents;
using Telemetry.Kafka;
using Telemetry.Kafka.Publishing;

namespace Telemetry.Cli.Correlation;

/// <summary>
/// Publishes incident CloudEvents to <see cref="KafkaOptions.IncidentsTopic"/> (keyed by incident
/// id) and command records to <see cref="KafkaOptions.CommandsTopic"/> (keyed by charge point
/// id), in the JSON of incidents.jsonl and commands.jsonl.
/// </summary>
internal sealed class KafkaDecisionSink : IDecisionSink, IDisposable
{
    private readonly KafkaPublisher _publisher;
    private readonly string _incidentsTopic;
    private readonly string _commandsTopic;
    private readonly Confluent.Kafka.Message<byte[], byte[]> _message = new();
    private readonly ArrayBufferWriter<byte> _json = new(2048);
    private readonly Utf8JsonWriter _writer;

    public KafkaDecisionSink(KafkaPublisher publisher, KafkaOptions options)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(options);
        _publisher = publisher;
        _incidentsTopic = options.IncidentsTopic;
        _commandsTopic = options.CommandsTopic;
        _writer = new Utf8JsonWriter(_json);
    }

    public long Incidents { get; private set; }

    public long Commands { get; private set; }

    public void OnIncident(IncidentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Start();
        IncidentJsonWriter.Write(_writer, record);
        Send(_incidentsTopic, record.Incident);
        Incidents++;
        CorrelateMetrics.Incidents.Inc();
    }

    public void OnCommand(CommandRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Start();
        CommandJsonWriter.Write(_writer, record);
        Send(_commandsTopic, record.ChargePoint);
        Commands++;
        CorrelateMetrics.Commands.Inc();
    }

    public void Dispose() => _writer.Dispose();

    private void Start()
    {
        _json.ResetWrittenCount();
        _writer.Reset(_json);
    }

    private void Send(string topic, string key)
    {
        _writer.Flush();
        _message.Key = Encoding.UTF8.GetBytes(key);
        _message.Value = _json.WrittenSpan.ToArray();
        _publisher.Produce(topic, _message);
    }
}
