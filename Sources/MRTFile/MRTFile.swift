/// MRTFile: reads MRT files from disk, gunzipping with zlib when needed.
import CZlib
