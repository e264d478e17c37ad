#pragma once
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
