namespace AiObsStream.Core.Evaluation.Nab;

/// <summary>The Mersenne Twister MT19937 seeded and read the way CPython's <c>random</c> module does, so that
/// <c>random.seed(n); random.random()</c> sequences (and NAB's random baseline) can be reproduced exactly.</summary>
/// <remarks>
/// MT19937 after Matsumoto and Nishimura, "Mersenne Twister: a 623-dimensionally equidistributed uniform
/// pseudo-random number generator", ACM TOMACS 8(1), 1998, with the 2002 <c>init_by_array</c> seeding. CPython seeds
/// a non-negative int with <c>init_by_array</c> over its 32-bit words (one word here), and builds a double from two
/// outputs: <c>((a &gt;&gt; 5)·2^26 + (b &gt;&gt; 6)) / 2^53</c>. Not thread-safe; not for cryptography.
/// </remarks>
internal sealed class PythonRandom
{
    private const int N = 624;
    private const int M = 397;
    private const uint MatrixA = 0x9908b0dfU;
    private const uint UpperMask = 0x80000000U;
    private const uint LowerMask = 0x7fffffffU;

    private readonly uint[] _state = new uint[N];
    private int _index;

    /// <summary>Seeds like CPython's <c>random.seed(seed)</c> for a non-negative integer below 2^32.</summary>
    public PythonRandom(uint seed)
    {
        InitByArray(seed);
    }

    /// <summary>The next double in [0, 1), as CPython's <c>random.random()</c>.</summary>
    public double NextDouble()
    {
        uint a = NextUInt32() >> 5;
        uint b = NextUInt32() >> 6;
        return ((a * 67108864.0) + b) * (1.0 / 9007199254740992.0);
    }

    /// <summary>The next tempered 32-bit output (<c>genrand_int32</c>).</summary>
    public uint NextUInt32()
    {
        if (_index >= N)
        {
            Twist();
        }

        uint y = _state[_index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680U;
        y ^= (y << 15) & 0xefc60000U;
        y ^= y >> 18;
        return y;
    }

    private void InitGenrand(uint seed)
    {
        _state[0] = seed;
        for (int i = 1; i < N; i++)
        {
            uint prev = _state[i - 1];
            _state[i] = unchecked((1812433253U * (prev ^ (prev >> 30))) + (uint)i);
        }

        _index = N;
    }

    private void InitByArray(uint key)
    {
        // init_by_array with a one-word key: CPython's seed for 0 <= n < 2^32.
        InitGenrand(19650218U);
        int i = 1;
        for (int k = N; k > 0; k--)
        {
            uint prev = _state[i - 1];
            _state[i] = unchecked((_state[i] ^ ((prev ^ (prev >> 30)) * 1664525U)) + key);
            i++;
            if (i >= N)
            {
                _state[0] = _state[N - 1];
                i = 1;
            }
        }

        for (int k = N - 1; k > 0; k--)
        {
            uint prev = _state[i - 1];
            _state[i] = unchecked((_state[i] ^ ((prev ^ (prev >> 30)) * 1566083941U)) - (uint)i);
            i++;
            if (i >= N)
            {
                _state[0] = _state[N - 1];
                i = 1;
            }
        }

        _state[0] = 0x80000000U;
        _index = N;
    }

    private void Twist()
    {
        for (int k = 0; k < N; k++)
        {
            uint y = (_state[k] & UpperMask) | (_state[(k + 1) % N] & LowerMask);
            _state[k] = _state[(k + M) % N] ^ (y >> 1) ^ ((y & 1U) != 0 ? MatrixA : 0U);
        }

        _index = 0;
    }
}
