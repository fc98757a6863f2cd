using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Telemetry.Ocpp.Rejects;

namespace Telemetry.Ocpp.Json;

/// <summary>
/// A validating forward-only JSON (RFC 8259) tokeniser over one complete record, with the subset
/// of <see cref="Utf8JsonReader"/>'s surface that the parsers use. It does less than the BCL
/// reader because it may: the input is always whole (no partial-data state), comments and
/// trailing commas are never allowed, and string ends are found with a vectorised search.
/// Everything that is not well-formed JSON throws <see cref="MalformedRecordException"/> with
/// <see cref="RejectReason.InvalidJson"/>. UTF-8 is checked where it can occur: outside strings
/// every byte must be ASCII JSON syntax anyway, and inside a string the search for its end also
/// stops at the first non-ASCII byte, so only runs of non-ASCII bytes are validated
/// (<see cref="RejectReason.NotUtf8"/>) and ASCII records cost nothing extra.
/// <para>
/// State machine: the previous token decides what may come next. At depth 0 only one value may
/// appear, then only whitespace. After <c>{</c> comes <c>}</c> or a property name (which takes its
/// <c>:</c> with it); after <c>[</c>, <c>]</c> or a value; after a property name, a value; after any
/// other value, <c>,</c> or the closing bracket of the innermost container. The containers are a
/// bit stack in one <see cref="ulong"/> (1 = object), which is why the depth limit is 64.
/// </para>
/// </summary>
public ref struct JsonScanner
{
    /// <summary>Nesting deeper than this is rejected, as <see cref="Utf8JsonReader"/> does with MaxDepth = 64.</summary>
    public const int MaxDepth = 64;

    private const byte Quote = (byte)'"';
    private const byte Backslash = (byte)'\\';
    private const byte Colon = (byte)':';
    private const byte Comma = (byte)',';
    private const byte ObjectOpen = (byte)'{';
    private const byte ObjectClose = (byte)'}';
    private const byte ArrayOpen = (byte)'[';
    private const byte ArrayClose = (byte)']';
    private const byte Minus = (byte)'-';
    private const byte Plus = (byte)'+';
    private const byte Dot = (byte)'.';
    private const byte FirstPrintable = 0x20;
    private const int MaxPlainDigits = 9; // any 9 digits fit in an int

    private const byte FirstNonAscii = 0x80;

    // A string ends at a quote; a backslash starts an escape; a raw control character is invalid
    // (RFC 8259 §7); a non-ASCII byte starts a run whose UTF-8 must be checked.
    private static readonly SearchValues<byte> s_stringSpecials = SearchValues.Create(StringSpecials());

    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;
    private int _depth;
    private ulong _objects;
    private int _tokenStart;
    private int _valueStart;
    private int _valueLength;

    public JsonScanner(ReadOnlySpan<byte> buffer) => _buffer = buffer;

    /// <summary>
    /// A scanner on a root object whose bytes before <paramref name="position"/> the caller has
    /// already checked: it stands on a property name, so the next <see cref="Read"/> reads that
    /// property's value.
    /// </summary>
    internal static JsonScanner AtRootPropertyValue(ReadOnlySpan<byte> buffer, int position) =>
        new(buffer)
        {
            _position = position,
            _depth = 1,
            _objects = 1,
            TokenType = JsonTokenType.PropertyName,
        };

    /// <summary>
    /// The index of the quote that closes the string whose text starts at <paramref name="start"/>,
    /// or -1 when an escape, a control character or a non-ASCII byte comes first (or nothing closes
    /// it): then the caller leaves the string to <see cref="Read"/>, which tells valid escapes and
    /// UTF-8 from invalid input.
    /// </summary>
    internal static int IndexOfPlainStringEnd(ReadOnlySpan<byte> buffer, int start)
    {
        if ((uint)start > (uint)buffer.Length)
        {
            return -1;
        }

        var end = IndexOfStringSpecial(buffer, start);
        return end >= 0 && buffer[end] == Quote ? end : -1;
    }

    /// <summary>The index of the next quote, backslash, control character or non-ASCII byte from <paramref name="at"/> (at most the buffer's length), or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int IndexOfStringSpecial(ReadOnlySpan<byte> buffer, int at)
    {
        // Strings of a record mostly span one or two vectors: compare them in place rather than set up a search.
        if (Vector128.IsHardwareAccelerated)
        {
            while (at <= buffer.Length - Vector128<byte>.Count)
            {
                var mask = StringSpecialMask(buffer, at);
                if (mask != 0)
                {
                    return at + BitOperations.TrailingZeroCount(mask);
                }

                at += Vector128<byte>.Count;
            }

            // The last bytes: load the buffer's final vector and drop the bytes before 'at', already looked at.
            var last = buffer.Length - Vector128<byte>.Count;
            if (last >= 0)
            {
                var tail = StringSpecialMask(buffer, last) >> (at - last);
                return tail != 0 ? at + BitOperations.TrailingZeroCount(tail) : -1;
            }
        }

        var found = buffer[at..].IndexOfAny(s_stringSpecials);
        return found >= 0 ? at + found : -1;
    }

    /// <summary>
    /// One bit per byte of the 16 at <paramref name="at"/> that is a quote, a backslash, a control
    /// character or not ASCII (a byte's own top bit). Callers keep <c>at + 16</c> within the
    /// buffer, so the load stays inside it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint StringSpecialMask(ReadOnlySpan<byte> buffer, int at)
    {
        var chunk = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(buffer), (nuint)at);
        var special = Vector128.LessThan(chunk, Vector128.Create(FirstPrintable))
            | Vector128.Equals(chunk, Vector128.Create(Quote))
            | Vector128.Equals(chunk, Vector128.Create(Backslash))
            | chunk;
        return special.ExtractMostSignificantBits();
    }

    private static byte[] StringSpecials()
    {
        var specials = new List<byte> { Quote, Backslash };
        for (int b = 0; b < FirstPrintable; b++)
        {
            specials.Add((byte)b);
        }

        for (int b = FirstNonAscii; b <= byte.MaxValue; b++)
        {
            specials.Add((byte)b);
        }

        return [.. specials];
    }

    public JsonTokenType TokenType { get; private set; }

    /// <summary>True when the current string or property name contains escape sequences (<see cref="ValueSpan"/> is raw).</summary>
    public bool ValueIsEscaped { get; private set; }

    /// <summary>The raw bytes of the current token: a string's without its quotes, a number's or literal's as written.</summary>
    public readonly ReadOnlySpan<byte> ValueSpan => _buffer.Slice(_valueStart, _valueLength);

    /// <summary>Where the current token starts (a string's opening quote).</summary>
    public readonly long TokenStartIndex => _tokenStart;

    /// <summary>Bytes up to the end of the current token.</summary>
    public readonly long BytesConsumed => _position;

    /// <summary>Moves to the next token; false only after the root value, when nothing but whitespace is left.</summary>
    public bool Read()
    {
        var position = SkipWhitespace(_position);
        if (_depth == 0)
        {
            if (TokenType != JsonTokenType.None)
            {
                if (position < _buffer.Length)
                {
                    ThrowInvalid();
                }

                _position = position;
                return false;
            }

            ReadValue(position);
            return true;
        }

        if (position >= _buffer.Length)
        {
            ThrowInvalid();
        }

        var next = _buffer[position];
        switch (TokenType)
        {
            case JsonTokenType.StartObject:
                if (next == ObjectClose)
                {
                    Close(position, JsonTokenType.EndObject);
                }
                else
                {
                    ReadPropertyName(position);
                }

                return true;
            case JsonTokenType.StartArray:
                if (next == ArrayClose)
                {
                    Close(position, JsonTokenType.EndArray);
                }
                else
                {
                    ReadValue(position);
                }

                return true;
            case JsonTokenType.PropertyName:
                ReadValue(position);
                return true;
            default:
                ReadAfterValue(position, next);
                return true;
        }
    }

    /// <summary>
    /// On an array's opening bracket: when the array goes on with a one-digit number, a comma and
    /// a string without escapes (an OCPP-J frame's message type and id), reads both in one step
    /// and stands on the string, as two <see cref="Read"/> calls would; otherwise reads nothing.
    /// </summary>
    internal bool TryReadDigitAndPlainString(out int digit)
    {
        var at = _position;
        digit = 0;
        if (TokenType != JsonTokenType.StartArray || at + 3 > _buffer.Length
            || !IsDigit(_buffer[at]) || _buffer[at + 1] != Comma || _buffer[at + 2] != Quote)
        {
            return false;
        }

        var end = IndexOfPlainStringEnd(_buffer, at + 3);
        if (end < 0)
        {
            return false;
        }

        digit = _buffer[at] - '0';
        _tokenStart = at + 2;
        _valueStart = at + 3;
        _valueLength = end - _valueStart;
        _position = end + 1;
        ValueIsEscaped = false;
        TokenType = JsonTokenType.String;
        return true;
    }

    /// <summary>
    /// After a string in an array: when the array goes on with a comma, a string without escapes,
    /// a comma and an object (an OCPP-J CALL's action and payload), reads them in one step and
    /// stands on the object's opening brace, as three <see cref="Read"/> calls would, with the
    /// string in <paramref name="text"/>; otherwise reads nothing.
    /// </summary>
    internal bool TryReadPlainStringAndObject(out ReadOnlySpan<byte> text)
    {
        var at = _position;
        text = default;
        if (TokenType != JsonTokenType.String || _depth == 0 || ((_objects >> (_depth - 1)) & 1) != 0
            || at + 2 > _buffer.Length || _buffer[at] != Comma || _buffer[at + 1] != Quote)
        {
            return false;
        }

        var end = IndexOfPlainStringEnd(_buffer, at + 2);
        if (end < 0 || end + 2 >= _buffer.Length || _buffer[end + 1] != Comma || _buffer[end + 2] != ObjectOpen)
        {
            return false;
        }

        text = _buffer[(at + 2)..end];
        _tokenStart = end + 2;
        Open(end + 2, isObject: true);
        TokenType = JsonTokenType.StartObject;
        return true;
    }

    /// <summary>
    /// After a value of the root object: when the record's last byte is the root's closing brace
    /// and it comes next, reads it and the end of input in one step, as the two <see cref="Read"/>
    /// calls that close the root and find nothing after it would; otherwise reads nothing.
    /// </summary>
    internal bool TryReadRootEnd()
    {
        if (_depth != 1 || _position != _buffer.Length - 1 || _buffer[_position] != ObjectClose
            || TokenType is JsonTokenType.None or JsonTokenType.PropertyName or JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            return false;
        }

        Close(_position, JsonTokenType.EndObject);
        return true;
    }

    /// <summary>Skips the current value: a property name's value, or a container up to its end; a scalar stays as it is.</summary>
    public void Skip()
    {
        if (TokenType == JsonTokenType.PropertyName)
        {
            Read();
        }

        if (TokenType == JsonTokenType.StartObject && TrySkipPlainObject())
        {
            return;
        }

        if (TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            var depth = _depth;
            while (_depth >= depth)
            {
                Read();
            }
        }
    }

    /// <summary>
    /// On an object's opening brace: when the object is compact and holds only plain strings
    /// (<c>{}</c> or <c>{"name":"text",…}</c>, as the CSMS's answers to heartbeats), steps to its
    /// closing brace with two string searches per property, as the <see cref="Read"/> calls of
    /// <see cref="Skip"/> would; otherwise reads nothing and leaves the object to them.
    /// </summary>
    private bool TrySkipPlainObject()
    {
        var at = _position;
        while (true)
        {
            if ((uint)at >= (uint)_buffer.Length)
            {
                return false;
            }

            if (_buffer[at] == ObjectClose && at == _position)
            {
                break;
            }

            if (_buffer[at] != Quote)
            {
                return false;
            }

            var nameEnd = IndexOfPlainStringEnd(_buffer, at + 1);
            if (nameEnd < 0 || nameEnd + 2 >= _buffer.Length || _buffer[nameEnd + 1] != Colon || _buffer[nameEnd + 2] != Quote)
            {
                return false;
            }

            var valueEnd = IndexOfPlainStringEnd(_buffer, nameEnd + 3);
            if (valueEnd < 0 || valueEnd + 1 >= _buffer.Length)
            {
                return false;
            }

            at = valueEnd + 1;
            if (_buffer[at] == ObjectClose)
            {
                break;
            }

            if (_buffer[at] != Comma)
            {
                return false;
            }

            at++;
        }

        Close(at, JsonTokenType.EndObject);
        return true;
    }

    /// <summary>Compares the current string or property name, unescaped, with <paramref name="text"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool ValueTextEquals(ReadOnlySpan<byte> text) =>
        ValueIsEscaped ? EscapedTextEquals(text) : ValueSpan.SequenceEqual(text);

    public readonly bool TryGetInt32(out int value)
    {
        // Message types, connector ids and intervals are a few plain digits: add them up directly.
        var digits = ValueSpan;
        if (digits.Length <= MaxPlainDigits)
        {
            var sum = 0;
            foreach (var b in digits)
            {
                var digit = (uint)(b - '0');
                if (digit > 9)
                {
                    return Utf8Parser.TryParse(digits, out value, out var consumed) && consumed == _valueLength;
                }

                sum = (sum * 10) + (int)digit;
            }

            value = sum;
            return true;
        }

        return Utf8Parser.TryParse(digits, out value, out var used) && used == _valueLength;
    }

    public readonly bool TryGetInt64(out long value) =>
        Utf8Parser.TryParse(ValueSpan, out value, out var consumed) && consumed == _valueLength;

    public readonly bool TryGetDouble(out double value) => DecimalText.TryParse(ValueSpan, out value);

    /// <summary>
    /// Copies the current string, unescaped, into <paramref name="destination"/> (never longer than
    /// <see cref="ValueSpan"/>); returns its length. Escapes that are not Unicode text (a lone
    /// surrogate) throw <see cref="MalformedRecordException"/> with <see cref="RejectReason.NotUtf8"/>.
    /// </summary>
    public readonly int CopyString(Span<byte> destination)
    {
        if (!ValueIsEscaped)
        {
            ValueSpan.CopyTo(destination);
            return _valueLength;
        }

        return TryUnescape(destination, out var written) ? written : ThrowHelper.ThrowMalformed<int>(RejectReason.NotUtf8);
    }

    private void ReadValue(int position)
    {
        if (position >= _buffer.Length)
        {
            ThrowInvalid();
        }

        _tokenStart = position;
        switch (_buffer[position])
        {
            case Quote:
                ReadString(position);
                TokenType = JsonTokenType.String;
                return;
            case ObjectOpen:
                Open(position, isObject: true);
                TokenType = JsonTokenType.StartObject;
                return;
            case ArrayOpen:
                Open(position, isObject: false);
                TokenType = JsonTokenType.StartArray;
                return;
            case (byte)'t':
                ReadLiteral(position, "true"u8, JsonTokenType.True);
                return;
            case (byte)'f':
                ReadLiteral(position, "false"u8, JsonTokenType.False);
                return;
            case (byte)'n':
                ReadLiteral(position, "null"u8, JsonTokenType.Null);
                return;
            default:
                ReadNumber(position);
                return;
        }
    }

    private void ReadAfterValue(int position, byte next)
    {
        var inObject = ((_objects >> (_depth - 1)) & 1) != 0;
        if (next == Comma)
        {
            position = SkipWhitespace(position + 1);
            if (position >= _buffer.Length)
            {
                ThrowInvalid();
            }

            if (inObject)
            {
                ReadPropertyName(position);
            }
            else
            {
                ReadValue(position);
            }
        }
        else if (next == (inObject ? ObjectClose : ArrayClose))
        {
            Close(position, inObject ? JsonTokenType.EndObject : JsonTokenType.EndArray);
        }
        else
        {
            ThrowInvalid();
        }
    }

    private void ReadPropertyName(int position)
    {
        if (_buffer[position] != Quote)
        {
            ThrowInvalid();
        }

        _tokenStart = position;
        ReadString(position);
        var colon = SkipWhitespace(_position);
        if (colon >= _buffer.Length || _buffer[colon] != Colon)
        {
            ThrowInvalid();
        }

        _position = colon + 1;
        TokenType = JsonTokenType.PropertyName;
    }

    private void ReadString(int quote)
    {
        var start = quote + 1;
        var at = start;
        var escaped = false;
        while (true)
        {
            at = FindStringSpecial(at);
            var special = _buffer[at];
            if (special == Quote)
            {
                break;
            }

            if (special >= FirstNonAscii)
            {
                at = SkipNonAscii(at);
                continue;
            }

            if (special != Backslash)
            {
                ThrowInvalid();
            }

            escaped = true;
            at = SkipEscape(at + 1);
        }

        _valueStart = start;
        _valueLength = at - start;
        _position = at + 1;
        ValueIsEscaped = escaped;
    }

    /// <summary>The index of the next quote, backslash, control character or non-ASCII byte from <paramref name="at"/>; throws when the record ends first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly int FindStringSpecial(int at)
    {
        var found = IndexOfStringSpecial(_buffer, at);
        return found >= 0 ? found : ThrowHelper.ThrowMalformed<int>(RejectReason.InvalidJson);
    }

    /// <summary>
    /// Checks the run of non-ASCII bytes starting at <paramref name="at"/> and returns the index
    /// after it. A UTF-8 sequence holds no ASCII byte, so a run between ASCII bytes is valid
    /// exactly when it is valid on its own.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly int SkipNonAscii(int at)
    {
        var length = _buffer[at..].IndexOfAnyInRange((byte)0, (byte)(FirstNonAscii - 1));
        var end = length < 0 ? _buffer.Length : at + length;
        return Utf8.IsValid(_buffer[at..end]) ? end : ThrowHelper.ThrowMalformed<int>(RejectReason.NotUtf8);
    }

    /// <summary>Validates the escape whose letter is at <paramref name="at"/> (RFC 8259 §7); returns the index after it.</summary>
    private readonly int SkipEscape(int at)
    {
        if (at >= _buffer.Length)
        {
            ThrowInvalid();
        }

        switch (_buffer[at])
        {
            case Quote or Backslash or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                return at + 1;
            case (byte)'u':
                if (at + 4 >= _buffer.Length || !IsHex(_buffer[at + 1]) || !IsHex(_buffer[at + 2]) || !IsHex(_buffer[at + 3]) || !IsHex(_buffer[at + 4]))
                {
                    ThrowInvalid();
                }

                return at + 5;
            default:
                return ThrowHelper.ThrowMalformed<int>(RejectReason.InvalidJson);
        }
    }

    /// <summary>RFC 8259 §6: <c>-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?</c>, then a delimiter.</summary>
    private void ReadNumber(int start)
    {
        var at = start;
        if (_buffer[at] == Minus)
        {
            at++;
        }

        if (at >= _buffer.Length || !IsDigit(_buffer[at]))
        {
            ThrowInvalid();
        }

        at = _buffer[at] == (byte)'0' ? at + 1 : SkipDigits(at);
        if (at < _buffer.Length && _buffer[at] == Dot)
        {
            at = SkipRequiredDigits(at + 1);
        }

        if (at < _buffer.Length && (_buffer[at] | 0x20) == 'e')
        {
            at++;
            if (at < _buffer.Length && (_buffer[at] == Plus || _buffer[at] == Minus))
            {
                at++;
            }

            at = SkipRequiredDigits(at);
        }

        EndScalar(start, at, JsonTokenType.Number);
    }

    private void ReadLiteral(int start, ReadOnlySpan<byte> literal, JsonTokenType type)
    {
        if (!_buffer[start..].StartsWith(literal))
        {
            ThrowInvalid();
        }

        EndScalar(start, start + literal.Length, type);
    }

    private void EndScalar(int start, int end, JsonTokenType type)
    {
        // A number or literal must be followed by a delimiter: "truex" and "12a" are not JSON.
        if (end < _buffer.Length && _buffer[end] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or Comma or ObjectClose or ArrayClose))
        {
            ThrowInvalid();
        }

        _valueStart = start;
        _valueLength = end - start;
        _position = end;
        ValueIsEscaped = false;
        TokenType = type;
    }

    private void Open(int position, bool isObject)
    {
        if (_depth >= MaxDepth)
        {
            ThrowInvalid();
        }

        var bit = 1UL << _depth;
        _objects = isObject ? _objects | bit : _objects & ~bit;
        _depth++;
        _valueStart = position;
        _valueLength = 1;
        _position = position + 1;
    }

    private void Close(int position, JsonTokenType type)
    {
        _depth--;
        _tokenStart = position;
        _valueStart = position;
        _valueLength = 1;
        _position = position + 1;
        TokenType = type;
    }

    /// <summary>The index of the first byte from <paramref name="at"/> that is not whitespace (at most the buffer's length).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly int SkipWhitespace(int at) =>
        // Records are written compact: one compare tells that no whitespace comes (every JSON
        // whitespace byte is at most a space; other such bytes stop the run anyway).
        (uint)at < (uint)_buffer.Length && _buffer[at] <= (byte)' ' ? SkipWhitespaceRun(at) : at;

    private readonly int SkipWhitespaceRun(int at)
    {
        while (at < _buffer.Length && _buffer[at] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            at++;
        }

        return at;
    }

    private readonly int SkipDigits(int at)
    {
        while (at < _buffer.Length && IsDigit(_buffer[at]))
        {
            at++;
        }

        return at;
    }

    private readonly int SkipRequiredDigits(int at)
    {
        if (at >= _buffer.Length || !IsDigit(_buffer[at]))
        {
            ThrowInvalid();
        }

        return SkipDigits(at);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly bool EscapedTextEquals(ReadOnlySpan<byte> text)
    {
        // Unescaping never lengthens a string; one byte more than the text tells a longer value apart.
        Span<byte> unescaped = stackalloc byte[Math.Min(_valueLength, text.Length + 1)];
        return TryUnescape(unescaped, out var written) && unescaped[..written].SequenceEqual(text);
    }

    /// <summary>Unescapes the current string; false when it does not fit or an escape is a lone surrogate.</summary>
    private readonly bool TryUnescape(Span<byte> destination, out int written)
    {
        var source = ValueSpan;
        written = 0;
        var at = 0;
        while (at < source.Length)
        {
            var b = source[at];
            if (b != Backslash)
            {
                if (written >= destination.Length)
                {
                    return false;
                }

                destination[written++] = b;
                at++;
                continue;
            }

            var letter = source[at + 1];
            at += 2;
            if (letter != (byte)'u')
            {
                if (written >= destination.Length)
                {
                    return false;
                }

                destination[written++] = letter switch
                {
                    (byte)'b' => (byte)'\b',
                    (byte)'f' => (byte)'\f',
                    (byte)'n' => (byte)'\n',
                    (byte)'r' => (byte)'\r',
                    (byte)'t' => (byte)'\t',
                    _ => letter,
                };
                continue;
            }

            var unit = Hex4(source.Slice(at, 4));
            at += 4;
            int scalar;
            if (char.IsHighSurrogate((char)unit))
            {
                if (at + 6 > source.Length || source[at] != Backslash || source[at + 1] != (byte)'u')
                {
                    return false;
                }

                var low = Hex4(source.Slice(at + 2, 4));
                if (!char.IsLowSurrogate((char)low))
                {
                    return false;
                }

                scalar = char.ConvertToUtf32((char)unit, (char)low);
                at += 6;
            }
            else if (char.IsLowSurrogate((char)unit))
            {
                return false;
            }
            else
            {
                scalar = unit;
            }

            if (!new Rune(scalar).TryEncodeToUtf8(destination[written..], out var length))
            {
                return false;
            }

            written += length;
        }

        return true;
    }

    private static int Hex4(ReadOnlySpan<byte> hex) =>
        (HexValue(hex[0]) << 12) | (HexValue(hex[1]) << 8) | (HexValue(hex[2]) << 4) | HexValue(hex[3]);

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;

    private static bool IsHex(byte b) => (uint)(b - '0') <= 9 || (uint)((b | 0x20) - 'a') <= 5;

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowInvalid() => ThrowHelper.ThrowMalformed(RejectReason.InvalidJson);
}
