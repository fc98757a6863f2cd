using System.IO.Pipelines;
using System.Net.Sockets;
using Telemetry.Cli.Pipeline;
using Telemetry.Kafka;
using Telemetry.Kafka.Events;
using Telemetry.Kafka.Publishing;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Framing;
using Telemetry.Ocpp.Tap;

namespace Telemetry.Cli.Ingest;

/// <summary>
/// One tap stream over TCP: a <see cref="PipeReader"/> over the socket feeds a parser of its
/// own (charge point ids, texts and pending CALLs are per connection, as a CSMS node's tap is),
/// whose events go to <c>telemetry.events</c> through the shared publisher and whose rejects go
/// to <c>telemetry.deadletter</c>. A full producer queue blocks the read loop, so the sender is
/// slowed by TCP flow control rather than buffered without bound.
/// </summary>
internal sealed class TapConnection : IDisposable
{
    private const int ReadBufferBytes = 64 * 1024;

    private readonly Socket _socket;
    private readonly EventProducer _producer;
    private readonly KafkaDeadLetters _deadLetters;
    private readonly CaptureInput _input;

    public TapConnection(Socket socket, KafkaPublisher publisher, KafkaOptions kafka, TapReaderOptions tap)
    {
        _socket = socket;
        Source = $"tcp:{socket.RemoteEndPoint}";
        var chargers = new ChargerRegistry();
        var texts = new TextCodeRegistry();
        _producer = new EventProducer(publisher, kafka) { TextCodes = texts };
        _deadLetters = new KafkaDeadLetters(publisher, kafka.DeadLetterTopic, Source);
        Context = new IngestContext(_producer, chargers, _deadLetters, Source);
        _input = new CaptureInput(CaptureFormat.Tap, chargers, texts, tap);
    }

    /// <summary>Where the stream comes from, as dead letters name it: <c>tcp:ADDRESS:PORT</c>.</summary>
    public string Source { get; }

    /// <summary>This connection's producer and counters.</summary>
    public IngestContext Context { get; }

    /// <summary>Reads the stream until the peer closes it or <paramref name="cancellationToken"/> stops the gateway.</summary>
    public async Task<CaptureReadResult> RunAsync(CancellationToken cancellationToken)
    {
        // Not owned: disposing an owning stream shuts the socket down gracefully first, which would
        // turn the reset below into a clean close. The socket goes with this connection.
        var stream = new NetworkStream(_socket, ownsSocket: false);
        await using (stream.ConfigureAwait(false))
        {
            var pipe = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: ReadBufferBytes));
            try
            {
                return await _input.ReadAsync(pipe, new IngestHandler(Context), cancellationToken).ConfigureAwait(false);
            }
            catch (Confluent.Kafka.KafkaException)
            {
                // Kafka refused a message at hand-over: the rest of the stream is not read, and the
                // sender sees a reset rather than a clean close.
                _socket.Close(timeout: 0);
                throw;
            }
            finally
            {
                await pipe.CompleteAsync().ConfigureAwait(false);
            }
        }
    }

    public void Dispose()
    {
        _deadLetters.Dispose();
        _producer.Dispose();
        _socket.Dispose();
    }
}
