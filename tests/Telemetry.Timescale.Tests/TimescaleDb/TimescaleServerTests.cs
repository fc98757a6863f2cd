using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Npgsql;
using Telemetry.Testing;

namespace Telemetry.Timescale.Tests.TimescaleDb;

/// <summary>The TimescaleDB test server (ops/pglite-timescale) through Npgsql and on the wire.</summary>
public class TimescaleServerTests : IAsyncLifetime
{
    private ThrowawayTimescale _db = null!;

    public async Task InitializeAsync() => _db = await ThrowawayTimescale.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Server_RunsTimescale223_WhenQueriedThroughNpgsql()
    {
        var version = await _db.ScalarAsync<string>("SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'");

        Assert.StartsWith("2.23.", version);
    }

    [Fact]
    public async Task Server_RunsCommunityLicense_WhenQueriedThroughNpgsql()
    {
        Assert.Equal("timescale", await _db.ScalarAsync<string>("SELECT current_setting('timescaledb.license')"));
    }

    [Fact]
    public async Task Server_RunsTransactionsOneAfterAnother_WhenConnectionsOverlap()
    {
        await _db.ExecuteAsync("CREATE TABLE counter (n int NOT NULL); INSERT INTO counter VALUES (0)");

        // Each transaction reads, then writes what it read plus one: interleaved, two would read
        // the same value and an increment would be lost.
        var increments = Enumerable.Range(0, 8).Select(async _ =>
        {
            await using var connection = await _db.DataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var read = new NpgsqlCommand("SELECT n FROM counter", connection, transaction);
            var n = (int)(await read.ExecuteScalarAsync())!;
            await Task.Yield();
            await using var write = new NpgsqlCommand($"UPDATE counter SET n = {n + 1}", connection, transaction);
            await write.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        });
        await Task.WhenAll(increments);

        Assert.Equal(8, await _db.ScalarAsync<int>("SELECT n FROM counter"));
    }

    [Fact]
    public async Task Server_KeepsSearchPath_AfterPooledConnectionIsReset()
    {
        // Npgsql resets a pooled connection with DISCARD ALL unless told not to; the instance's
        // boot search_path is pg_catalog, so the server must put the connection's own back.
        var builder = new NpgsqlConnectionStringBuilder(_db.ConnectionString) { NoResetOnClose = false };
        await using var resetting = NpgsqlDataSource.Create(builder.ConnectionString);
        await using (var first = await resetting.OpenConnectionAsync())
        await using (var command = new NpgsqlCommand("CREATE TABLE after_reset (id int)", first))
        {
            await command.ExecuteNonQueryAsync();
        }

        await using var second = await resetting.OpenConnectionAsync();
        await using var check = new NpgsqlCommand("SELECT current_schema(), count(*) FROM after_reset", second);
        await using var reader = await check.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(_db.Schema, reader.GetString(0));
        Assert.Equal(0L, reader.GetInt64(1));
    }

    [Fact]
    public async Task Server_FailsTheStatement_WhenCopyFromStdinIsNotAlone()
    {
        await _db.ExecuteAsync("CREATE TABLE copied (id int)");

        var error = await Assert.ThrowsAsync<PostgresException>(() => _db.ExecuteAsync("COPY copied FROM STDIN"));

        Assert.Contains("COPY FROM STDIN", error.MessageText);
        Assert.Equal(1, await _db.ScalarAsync<int>("SELECT 1"));
    }

    [Fact]
    public async Task Server_RollsBackAndServesOthers_WhenClientDisconnectsInTransaction()
    {
        await _db.ExecuteAsync("CREATE TABLE abandoned (id int)");
        var server = new NpgsqlConnectionStringBuilder(_db.ConnectionString);
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(server.Host!, server.Port);
            var stream = client.GetStream();
            await stream.WriteAsync(StartupMessage(server.Username!, _db.Schema));
            await ReadUntilReadyAsync(stream);
            await stream.WriteAsync(QueryMessage("BEGIN; INSERT INTO abandoned VALUES (1)"));
            Assert.Equal((byte)'T', await ReadUntilReadyAsync(stream));
        }

        // The server gives the instance to the next client only after rolling the insert back.
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM abandoned"));
    }

    private static byte[] StartupMessage(string user, string schema)
    {
        var parameters = Encoding.UTF8.GetBytes($"user\0{user}\0search_path\0{schema}\0\0");
        var message = new byte[8 + parameters.Length];
        BinaryPrimitives.WriteInt32BigEndian(message, message.Length);
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(4), 3 << 16);
        parameters.CopyTo(message, 8);
        return message;
    }

    private static byte[] QueryMessage(string sql)
    {
        var text = Encoding.UTF8.GetBytes(sql + "\0");
        var message = new byte[5 + text.Length];
        message[0] = (byte)'Q';
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(1), 4 + text.Length);
        text.CopyTo(message, 5);
        return message;
    }

    /// <summary>Reads backend messages up to ReadyForQuery and returns its transaction status; fails on an error.</summary>
    private static async Task<byte> ReadUntilReadyAsync(NetworkStream stream)
    {
        var header = new byte[5];
        while (true)
        {
            await stream.ReadExactlyAsync(header);
            var body = new byte[BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1)) - 4];
            await stream.ReadExactlyAsync(body);
            Assert.NotEqual((byte)'E', header[0]);
            if (header[0] == (byte)'Z')
            {
                return body[0];
            }
        }
    }
}
